package io.github.camelllm.remote.ollama;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.camelllm.remote.HttpTransport;
import io.github.camelllm.spi.GenerationStream;
import io.github.camelllm.spi.LlmChunk;
import io.github.camelllm.spi.LlmException;
import io.github.camelllm.spi.LlmHttpException;
import io.github.camelllm.spi.LlmTimeoutException;
import io.github.camelllm.support.GenerationDriver;
import io.github.camelllm.support.GenerationLabel;
import io.github.camelllm.support.GenerationPiece;
import io.github.camelllm.support.GenerationSource;

/**
 * One streamed Ollama generation ({@code /api/generate} or {@code /api/chat}), read line by line on the consumer's
 * thread through a {@link GenerationDriver}.
 * <ul>
 * <li>Lines with an empty text are skipped; the {@code done:true} line becomes the last chunk, with
 * {@code done_reason} as finish reason and {@code prompt_eval_count}/{@code eval_count} as usage.</li>
 * <li>An {@code {"error":"..."}} line fails with an {@link LlmHttpException} (status 0, not retriable) carrying the
 * server's text; a stream that ends without {@code done:true} or breaks fails with an {@link LlmHttpException} too:
 * a generation never ends as a short success.</li>
 * <li>The {@code timeout} option is an overall deadline counted from the request: when it passes, the response stream
 * is closed (Ollama stops generating when its client goes away) and {@link #next()} throws
 * {@link LlmTimeoutException}. Silence longer than {@code requestTimeout} between lines also fails with
 * {@link LlmTimeoutException}.</li>
 * <li>{@link #close()} before the end cancels (closes the stream); it is idempotent and safe from any thread.</li>
 * </ul>
 * Timings are measured on the client: time to the first non-empty piece and to the {@code done} line, from the call
 * to {@code generate}.
 */
final class OllamaGeneration implements GenerationStream {

    private final NdjsonLines lines;
    private final boolean chat;
    private final String url;
    private final String model;
    private final GenerationDriver driver;
    private volatile int inputTokens = -1;

    private OllamaGeneration(
            NdjsonLines lines, boolean chat, String url, String model, long startNanos, long timeoutMillis) {
        this.lines = lines;
        this.chat = chat;
        this.url = url;
        this.model = model;
        this.driver = new GenerationDriver(new Lines(), startNanos, timeoutMillis, -1);
    }

    /**
     * Sends the request and returns once the response has started. Errors before the stream starts (HTTP status,
     * connection) come from {@link HttpTransport}, with its retries; a {@code timeout} already passed by then fails with
     * {@link LlmTimeoutException}.
     */
    static OllamaGeneration start(
            HttpTransport transport,
            String path,
            Object body,
            boolean chat,
            String model,
            long timeoutMillis,
            long startNanos) {
        InputStream in = transport.postStream(path, body);
        NdjsonLines lines = new NdjsonLines(
                in, transport.settings().requestTimeout(), transport.timer(), transport.mapper(), transport.url(path));
        OllamaGeneration generation =
                new OllamaGeneration(lines, chat, transport.url(path), model, startNanos, timeoutMillis);
        generation.driver.requireTimeLeftAtStart();
        generation.driver.enforceDeadline(transport.timer());
        return generation;
    }

    /** Prompt tokens: Ollama reports them only on its last line, so this is -1 until the last chunk was read. */
    @Override
    public int inputTokens() {
        return inputTokens;
    }

    @Override
    public boolean hasNext() {
        return driver.hasNext();
    }

    @Override
    public LlmChunk next() {
        return driver.next();
    }

    @Override
    public void close() {
        driver.close();
    }

    /** Ollama's done_reason: stop, length, or (for an empty prompt) load / unload; absent means stop. */
    static String finishReason(JsonNode done) {
        String reason = done.path("done_reason").asText("");
        return reason.isEmpty() ? "stop" : reason;
    }

    /** The next piece; a stall takes precedence over the failure it caused (the guard closed the stream). */
    private GenerationPiece read(int pieces) {
        try {
            return readLines(pieces);
        } catch (LlmException e) {
            if (lines.stalled()) {
                throw new LlmTimeoutException("no data from " + url + " for longer than requestTimeout after " + pieces
                        + " pieces; the generation was cancelled");
            }
            throw e;
        }
    }

    private GenerationPiece readLines(int pieces) {
        while (true) {
            JsonNode line;
            try {
                line = lines.next();
            } catch (IOException e) {
                throw new LlmHttpException(
                        url,
                        0,
                        "the response stream broke after " + pieces + " pieces: "
                                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                        true,
                        e);
            }
            if (line == null) {
                throw new LlmHttpException(
                        url,
                        0,
                        "the response stream ended after " + pieces + " pieces without the final done:true line",
                        true,
                        null);
            }
            String error = NdjsonLines.error(line);
            if (error != null) {
                throw new LlmHttpException(url, 0, error, false, null);
            }
            String text = chat
                    ? line.path("message").path("content").asText("")
                    : line.path("response").asText("");
            if (!line.path("done").asBoolean(false)) {
                if (text.isEmpty()) {
                    continue;
                }
                return GenerationPiece.delta(text);
            }
            int prompt = line.path("prompt_eval_count").asInt(0);
            Integer output = line.has("eval_count") ? line.get("eval_count").asInt(0) : null;
            inputTokens = prompt;
            return GenerationPiece.end(finishReason(line), prompt, output).withFinalPiece(text);
        }
    }

    /** The response stream as the driver sees it: closing it cancels the generation on the server. */
    private final class Lines implements GenerationSource {

        @Override
        public GenerationPiece read(int delivered) {
            return OllamaGeneration.this.read(delivered);
        }

        @Override
        public void abort() {
            lines.close();
        }

        @Override
        public void release() {
            lines.close();
        }

        @Override
        public GenerationLabel label() {
            return new GenerationLabel(model, null, "pieces");
        }

        @Override
        public int inputTokens() {
            return inputTokens;
        }
    }
}
