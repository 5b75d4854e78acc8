package io.github.camelllm.remote.ollama;

import java.io.IOException;
import java.io.InputStream;
import java.util.NoSuchElementException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.camelllm.spi.LlmCancelledException;
import io.github.camelllm.spi.LlmChunk;
import io.github.camelllm.spi.LlmException;
import io.github.camelllm.spi.LlmHttpException;
import io.github.camelllm.spi.LlmTimeoutException;
import io.github.camelllm.remote.HttpTransport;
import io.github.camelllm.spi.GenerationStream;

/**
 * One streamed Ollama generation ({@code /api/generate} or {@code /api/chat}), read line by line on the consumer's
 * thread.
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


    private enum Cancel { CLOSED, TIMEOUT }

    private final NdjsonLines lines;
    private final boolean chat;
    private final String url;
    private final String model;
    private final long startNanos;
    private final long timeoutMillis;

    private final Object lock = new Object();
    private ScheduledFuture<?> deadline;
    private Cancel cancel;
    private boolean exhausted;
    private boolean released;

    private volatile int inputTokens = -1;
    private int pieces;
    private int index;
    private long firstPieceNanos;

    private OllamaGeneration(NdjsonLines lines, boolean chat, String url, String model, long startNanos, long timeoutMillis) {
        this.lines = lines;
        this.chat = chat;
        this.url = url;
        this.model = model;
        this.startNanos = startNanos;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Sends the request and returns once the response has started. Errors before the stream starts (HTTP status,
     * connection) come from {@link HttpTransport}, with its retries.
     */
    static OllamaGeneration start(HttpTransport transport, String path, Object body, boolean chat, String model,
                                  long timeoutMillis, long startNanos) {
        InputStream in = transport.postStream(path, body);
        NdjsonLines lines = new NdjsonLines(in, transport.settings().requestTimeout(), transport.timer(), transport.mapper(),
                transport.url(path));
        OllamaGeneration generation = new OllamaGeneration(lines, chat, transport.url(path), model, startNanos, timeoutMillis);
        if (timeoutMillis > 0) {
            long remainingNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis) - (System.nanoTime() - startNanos);
            if (remainingNanos <= 0) {
                lines.close();
                throw new LlmTimeoutException("generation with model " + model + " exceeded the timeout of " + timeoutMillis
                        + " ms before the server started answering");
            }
            synchronized (generation.lock) {
                generation.deadline = transport.timer().schedule(() -> generation.cancel(Cancel.TIMEOUT), remainingNanos, TimeUnit.NANOSECONDS);
            }
        }
        return generation;
    }

    /** Prompt tokens: Ollama reports them only on its last line, so this is -1 until the last chunk was read. */
    @Override
    public int inputTokens() {
        return inputTokens;
    }

    @Override
    public boolean hasNext() {
        synchronized (lock) {
            return !exhausted && cancel != Cancel.CLOSED;
        }
    }

    @Override
    public LlmChunk next() {
        synchronized (lock) {
            if (exhausted) {
                throw new NoSuchElementException("the generation has ended");
            }
        }
        while (true) {
            synchronized (lock) {
                if (cancel == null && timeoutMillis > 0 && System.nanoTime() - startNanos > TimeUnit.MILLISECONDS.toNanos(timeoutMillis)) {
                    cancel = Cancel.TIMEOUT;
                }
                if (cancel != null) {
                    throw fail(null);
                }
            }
            JsonNode line;
            try {
                line = lines.next();
            } catch (IOException e) {
                throw fail(new LlmHttpException(url, 0, "the response stream broke after " + pieces + " pieces: "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), true, e));
            } catch (LlmException e) {
                throw fail(e);
            }
            if (line == null) {
                throw fail(new LlmHttpException(url, 0, "the response stream ended after " + pieces
                        + " pieces without the final done:true line", true, null));
            }
            String error = NdjsonLines.error(line);
            if (error != null) {
                throw fail(new LlmHttpException(url, 0, error, false, null));
            }
            long now = System.nanoTime();
            String text = chat ? line.path("message").path("content").asText("") : line.path("response").asText("");
            if (!line.path("done").asBoolean(false)) {
                if (text.isEmpty()) {
                    continue;
                }
                pieces++;
                if (firstPieceNanos == 0) {
                    firstPieceNanos = now;
                }
                return LlmChunk.delta(text, index++);
            }
            if (!text.isEmpty() && firstPieceNanos == 0) {
                firstPieceNanos = now;
            }
            int prompt = line.path("prompt_eval_count").asInt(0);
            int output = line.has("eval_count") ? line.get("eval_count").asInt(0) : pieces + (text.isEmpty() ? 0 : 1);
            inputTokens = prompt;
            synchronized (lock) {
                exhausted = true;
                release();
            }
            Long ttft = firstPieceNanos == 0 ? null : (firstPieceNanos - startNanos) / 1_000_000;
            return new LlmChunk(text, index++, true, finishReason(line), prompt, output, ttft, (now - startNanos) / 1_000_000);
        }
    }

    /** Ollama's done_reason: stop, length, or (for an empty prompt) load / unload; absent means stop. */
    static String finishReason(JsonNode done) {
        String reason = done.path("done_reason").asText("");
        return reason.isEmpty() ? "stop" : reason;
    }

    /** Ends the stream after a failure; a cancellation or a stall takes precedence over the symptom it caused. */
    private LlmException fail(LlmException failure) {
        Cancel why;
        synchronized (lock) {
            exhausted = true;
            release();
            why = cancel;
        }
        if (why == Cancel.TIMEOUT) {
            return new LlmTimeoutException("generation with model " + model + " exceeded the timeout of " + timeoutMillis
                    + " ms after " + pieces + " pieces and was cancelled");
        }
        if (why == Cancel.CLOSED) {
            return new LlmCancelledException("generation with model " + model + " was cancelled after " + pieces + " pieces");
        }
        if (lines.stalled()) {
            return new LlmTimeoutException("no data from " + url + " for longer than requestTimeout after " + pieces
                    + " pieces; the generation was cancelled");
        }
        return failure;
    }

    @Override
    public void close() {
        cancel(Cancel.CLOSED);
    }

    private void cancel(Cancel reason) {
        synchronized (lock) {
            if (exhausted || cancel != null) {
                return;
            }
            cancel = reason;
            release();
        }
    }

    /** With the lock held: closes the response stream (cancelling the generation on the server) exactly once. */
    private void release() {
        if (released) {
            return;
        }
        released = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        lines.close();
    }
}
