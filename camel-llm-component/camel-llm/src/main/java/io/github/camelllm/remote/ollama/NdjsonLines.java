package io.github.camelllm.remote.ollama;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.camelllm.remote.StallGuard;
import io.github.camelllm.spi.LlmHttpException;
import io.github.camelllm.support.Texts;

/**
 * Reads an Ollama NDJSON response (one JSON object per line) with a {@link StallGuard}: a server that stays silent
 * longer than {@code requestTimeout} gets its stream closed, so the reader wakes up instead of hanging.
 * <p>
 * {@link #close()} may be called from any thread: it closes the raw response stream (never the
 * {@link BufferedReader}, whose lock the reading thread holds while blocked).
 */
final class NdjsonLines implements AutoCloseable {

    private final InputStream raw;
    private final BufferedReader reader;
    private final StallGuard guard;
    private final ObjectMapper mapper;
    private final String url;

    NdjsonLines(InputStream raw, Duration stallLimit, ScheduledExecutorService timer, ObjectMapper mapper, String url) {
        this.raw = raw;
        this.reader = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8));
        this.guard = new StallGuard(raw, stallLimit, timer);
        this.mapper = mapper;
        this.url = url;
    }

    /**
     * The next JSON object, or null at the end of the stream. Blank lines are skipped.
     *
     * @throws IOException            when the connection breaks or the stream is closed (by {@link #close()} or the
     *                                stall guard: see {@link #stalled()})
     * @throws LlmHttpException       when a line is not JSON
     */
    JsonNode next() throws IOException {
        while (true) {
            String line = reader.readLine();
            if (line == null) {
                return null;
            }
            guard.touch();
            if (line.isBlank()) {
                continue;
            }
            try {
                return mapper.readTree(line);
            } catch (IOException e) {
                throw new LlmHttpException(
                        url, 0, "malformed NDJSON line from the server: " + abbreviate(line), false, e);
            }
        }
    }

    /** Whether the stall guard closed the stream. */
    boolean stalled() {
        return guard.stalled();
    }

    /** Closes the response stream; safe from any thread, idempotent. */
    @Override
    public void close() {
        guard.close();
        try {
            raw.close();
        } catch (IOException ignored) {
            // nothing more to read anyway
        }
    }

    /** The error text of an {@code {"error":"..."}} line, or null when the line is not an error. */
    static String error(JsonNode line) {
        JsonNode error = line.get("error");
        if (error == null || error.isNull()) {
            return null;
        }
        if (error.isTextual()) {
            return error.asText();
        }
        if (error.hasNonNull("message")) {
            return error.get("message").asText();
        }
        return error.toString();
    }

    static String abbreviate(String s) {
        return Texts.abbreviate(s, 200);
    }
}
