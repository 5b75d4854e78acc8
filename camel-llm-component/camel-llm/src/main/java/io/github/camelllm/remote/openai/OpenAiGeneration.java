package io.github.camelllm.remote.openai;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.camelllm.spi.LlmCancelledException;
import io.github.camelllm.spi.LlmChunk;
import io.github.camelllm.spi.LlmException;
import io.github.camelllm.spi.LlmHttpException;
import io.github.camelllm.spi.LlmTimeoutException;
import io.github.camelllm.remote.HttpTransport;
import io.github.camelllm.remote.StallGuard;
import io.github.camelllm.spi.GenerationStream;
import io.github.camelllm.support.Texts;

/**
 * One streamed completion: reads the server-sent events of {@code /completions} or {@code /chat/completions}.
 * <ul>
 * <li>Each non-empty text delta becomes a chunk; role-only, empty and usage-only events produce none.</li>
 * <li>The last chunk (empty text) is produced at {@code data: [DONE]}, with the last {@code finish_reason} seen
 * (passed through: stop, length, content_filter...; when the server sent none: length if maxTokens deltas arrived,
 * else stop), the {@code usage} of the stream (its absence leaves input tokens null and counts output tokens as the
 * number of text deltas), and time-to-first-token and total time measured here from the request.</li>
 * <li>A stream that ends without {@code [DONE]}, or breaks, fails with a retriable {@link LlmHttpException}
 * (status 0): a cut answer is never returned as a short success. Error events ({@code data: {"error":...}}, or
 * llama-server's {@code error: {...}} lines) fail with the server's message and code.</li>
 * <li>Silence longer than requestTimeout (no byte at all, keep-alive comments count as activity) fails with {@link LlmTimeoutException} (a
 * {@link StallGuard} closes the stream); so does the {@code timeout} deadline.</li>
 * <li>{@link #close()} before the end closes the HTTP response, which makes llama-server stop generating.</li>
 * </ul>
 * A server that ignores {@code stream: true} and answers with one JSON completion is accepted too (one text chunk,
 * then the last chunk).
 * {@link #inputTokens()} is -1: OpenAI servers report prompt tokens only in the last event.
 */
final class OpenAiGeneration implements GenerationStream {

    private enum Cancel { CLOSED, TIMEOUT }


    private final OpenAiBackend backend;
    private final String url;
    private final InputStream in;
    private final SseReader events;
    private final boolean chat;
    private final long startNanos;
    private final long timeoutMillis;
    private final int maxTokens;
    private final ObjectMapper mapper;
    private final StallGuard stallGuard;
    private final ScheduledFuture<?> deadline;

    private final Object lock = new Object();
    private boolean finished;
    private boolean receiving;
    private Cancel cancel;
    private int index;
    private int deltas;
    private long firstDeltaNanos;
    private String finishReason;
    private Integer promptTokens;
    private Integer completionTokens;
    private boolean started;
    private LlmChunk pendingLast;

    OpenAiGeneration(OpenAiBackend backend, String url, InputStream in, boolean chat, long startNanos, long timeoutMillis,
                     int maxTokens, ObjectMapper mapper) {
        this.backend = backend;
        this.url = url;
        this.in = in;

        this.chat = chat;
        this.startNanos = startNanos;
        this.timeoutMillis = timeoutMillis;
        this.maxTokens = maxTokens;
        this.mapper = mapper;
        this.stallGuard = new StallGuard(in, backend.settings().requestTimeout(), backend.transport().timer());
        this.events = new SseReader(in, stallGuard::touch);
        long left = timeoutMillis - (System.nanoTime() - startNanos) / 1_000_000;
        this.deadline = timeoutMillis > 0
                ? backend.transport().timer().schedule(() -> cancel(Cancel.TIMEOUT), Math.max(0, left), TimeUnit.MILLISECONDS)
                : null;
    }

    @Override
    public int inputTokens() {
        return -1;
    }

    @Override
    public boolean hasNext() {
        synchronized (lock) {
            return !finished;
        }
    }

    @Override
    public LlmChunk next() {
        synchronized (lock) {
            if (finished) {
                throw cancel != null ? cancelledError() : new NoSuchElementException("the generation has ended");
            }
            if (cancel != null) {
                finish();
                throw cancelledError();
            }
            receiving = true;
        }
        try {
            return read();
        } finally {
            synchronized (lock) {
                receiving = false;
            }
        }
    }

    private LlmChunk read() {
        LlmChunk last = pendingLast;
        if (last != null) {
            pendingLast = null;
            synchronized (lock) {
                finish();
            }
            return last;
        }
        if (!started) {
            started = true;
            boolean plain;
            try {
                plain = events.isPlainJson();
            } catch (IOException e) {
                throw fail(interrupted(e));
            }
            if (plain) {
                return plainReply();
            }
        }
        while (true) {
            SseReader.Event event;
            try {
                event = events.next();
            } catch (IOException e) {
                throw fail(interrupted(e));
            }
            long now = System.nanoTime();
            if (timeoutMillis > 0 && now - startNanos > TimeUnit.MILLISECONDS.toNanos(timeoutMillis)) {
                synchronized (lock) {
                    if (cancel == null) {
                        cancel = Cancel.TIMEOUT;
                    }
                }
            }
            synchronized (lock) {
                if (cancel != null) {
                    finish();
                    throw cancelledError();
                }
            }
            if (event == null) {
                throw fail(new LlmHttpException(url, 0, "the stream ended before [DONE] after " + deltas
                        + " text chunks: the answer is incomplete", true, null));
            }
            if (event.error() != null) {
                throw fail(errorEvent(parseError(event.error()), event.error()));
            }
            String data = event.data();
            if (data == null || data.isBlank()) {
                continue;
            }
            if (data.strip().equals("[DONE]")) {
                synchronized (lock) {
                    finish();
                }
                return lastChunk(now);
            }
            JsonNode node = parse(data);
            if (node.has("error") || "error".equals(event.type())) {
                JsonNode error = node.has("error") ? node.get("error") : node;
                throw fail(errorEvent(error, data));
            }
            usage(node);
            JsonNode choice = node.path("choices").path(0);
            if (choice.isMissingNode()) {
                continue; // the usage-only event of stream_options.include_usage
            }
            reason(choice);
            JsonNode text = chat ? choice.path("delta").path("content") : choice.path("text");
            if (text.isTextual() && !text.asText().isEmpty()) {
                deltas++;
                if (firstDeltaNanos == 0) {
                    firstDeltaNanos = now;
                }
                return LlmChunk.delta(text.asText(), index++);
            }
        }
    }

    /** A server that ignored stream:true sent the whole completion at once: one text chunk, then the last one. */
    private LlmChunk plainReply() {
        String body;
        try {
            body = events.remaining();
        } catch (IOException e) {
            throw fail(interrupted(e));
        }
        long now = System.nanoTime();
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw fail(new LlmHttpException(url, 0, "malformed JSON in the response: " + abbreviate(body), false, e));
        }
        if (node.has("error")) {
            throw fail(errorEvent(node.get("error"), body));
        }
        usage(node);
        JsonNode choice = node.path("choices").path(0);
        if (!choice.isObject()) {
            throw fail(new LlmHttpException(url, 0, "the response has no choices: " + abbreviate(body), false, null));
        }
        reason(choice);
        JsonNode text = chat ? choice.path("message").path("content") : choice.path("text");
        if (text.isTextual() && !text.asText().isEmpty()) {
            deltas++;
            firstDeltaNanos = now;
            LlmChunk delta = LlmChunk.delta(text.asText(), index++);
            pendingLast = lastChunk(now);
            return delta;
        }
        synchronized (lock) {
            finish();
        }
        return lastChunk(now);
    }

    private void usage(JsonNode node) {
        if (node.path("model").isTextual()) {
            backend.echoModel(node.get("model").asText());
        }
        JsonNode usage = node.path("usage");
        if (usage.isObject()) {
            if (usage.path("prompt_tokens").isInt()) {
                promptTokens = usage.get("prompt_tokens").asInt();
            }
            if (usage.path("completion_tokens").isInt()) {
                completionTokens = usage.get("completion_tokens").asInt();
            }
        }
    }

    private void reason(JsonNode choice) {
        JsonNode reason = choice.path("finish_reason");
        if (reason.isTextual() && !reason.asText().isBlank()) {
            finishReason = reason.asText().toLowerCase(Locale.ROOT);
        }
    }

    private LlmChunk lastChunk(long now) {
        int output = completionTokens != null ? completionTokens : deltas;
        String reason = finishReason != null ? finishReason : (maxTokens > 0 && output >= maxTokens ? "length" : "stop");
        Long ttft = firstDeltaNanos == 0 ? null : (firstDeltaNanos - startNanos) / 1_000_000;
        long total = (now - startNanos) / 1_000_000;
        return new LlmChunk("", index++, true, reason, promptTokens, output, ttft, total);
    }

    private JsonNode parse(String data) {
        try {
            return mapper.readTree(data);
        } catch (JsonProcessingException e) {
            throw fail(new LlmHttpException(url, 0, "malformed JSON in a server-sent event: " + abbreviate(data), false, e));
        }
    }

    private JsonNode parseError(String data) {
        try {
            return mapper.readTree(data);
        } catch (JsonProcessingException e) {
            return mapper.getNodeFactory().textNode(data.strip());
        }
    }

    /** {"message":..., "code":...} as sent by OpenAI ({"error":{...}}) and llama-server (error: {...}). */
    private LlmHttpException errorEvent(JsonNode error, String raw) {
        if (error.has("error")) {
            error = error.get("error");
        }
        String message = error.isTextual() ? error.asText()
                : error.path("message").isTextual() ? error.get("message").asText() : abbreviate(raw);
        int code = error.path("code").isInt() ? error.get("code").asInt() : 0;
        int status = code >= 400 && code < 600 ? code : 0;
        boolean retriable = status == 0 || HttpTransport.isRetriable(status);
        return new LlmHttpException(url, status, redact(message), retriable, null);
    }

    private LlmException interrupted(IOException e) {
        synchronized (lock) {
            if (cancel != null) {
                return cancelledError();
            }
        }
        if (stallGuard.stalled()) {
            return new LlmTimeoutException("no data from " + url + " for requestTimeout "
                    + backend.settings().requestTimeout().toMillis() + " ms after " + deltas + " text chunks; the stream was closed");
        }
        String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        return new LlmHttpException(url, 0, "the stream broke after " + deltas + " text chunks: " + what, true, e);
    }

    private LlmException cancelledError() {
        if (cancel == Cancel.TIMEOUT) {
            return new LlmTimeoutException("generation with model " + backend.modelNameIfKnown() + " at " + url
                    + " exceeded the timeout of " + timeoutMillis + " ms after " + deltas + " text chunks and was cancelled");
        }
        return new LlmCancelledException("generation with model " + backend.modelNameIfKnown() + " at " + url
                + " was cancelled after " + deltas + " text chunks");
    }

    private LlmException fail(LlmException e) {
        synchronized (lock) {
            finish();
        }
        return e;
    }

    /** Cancels the generation if it is still running; idempotent, from any thread. */
    @Override
    public void close() {
        cancel(Cancel.CLOSED);
    }

    private void cancel(Cancel reason) {
        synchronized (lock) {
            if (finished || cancel != null) {
                return;
            }
            cancel = reason;
            if (!receiving) {
                finish();
                return;
            }
        }
        closeStream(); // wakes the reader blocked in read(), which reports the cancellation
    }

    /** With the lock held: releases everything exactly once. */
    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        stallGuard.close();
        if (deadline != null) {
            deadline.cancel(false);
        }
        closeStream();
        backend.ended(this);
    }

    private void closeStream() {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // nothing more to release
        }
    }

    private String redact(String message) {
        return Texts.redact(message, backend.settings().apiKey());
    }

    private static String abbreviate(String s) {
        return Texts.abbreviate(s, 200);
    }
}
