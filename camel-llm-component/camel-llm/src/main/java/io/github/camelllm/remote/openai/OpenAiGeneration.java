package io.github.camelllm.remote.openai;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.camelllm.remote.HttpTransport;
import io.github.camelllm.remote.StallGuard;
import io.github.camelllm.spi.GenerationStream;
import io.github.camelllm.spi.LlmChunk;
import io.github.camelllm.spi.LlmException;
import io.github.camelllm.spi.LlmHttpException;
import io.github.camelllm.spi.LlmTimeoutException;
import io.github.camelllm.support.GenerationDriver;
import io.github.camelllm.support.GenerationLabel;
import io.github.camelllm.support.GenerationPiece;
import io.github.camelllm.support.GenerationSource;
import io.github.camelllm.support.Texts;

/**
 * One streamed completion: reads the server-sent events of {@code /completions} or {@code /chat/completions}, through
 * a {@link GenerationDriver}.
 * <ul>
 * <li>Each non-empty text delta becomes a chunk; role-only, empty and usage-only events produce none.</li>
 * <li>The last chunk (empty text) is produced at {@code data: [DONE]}, with the last {@code finish_reason} seen
 * (passed through: stop, length, content_filter...; when the server sent none: length if maxTokens deltas arrived,
 * else stop), the {@code usage} of the stream (its absence leaves input tokens null and counts output tokens as the
 * number of text deltas), and time-to-first-token and total time measured here from the request.</li>
 * <li>A stream that ends without {@code [DONE]}, or breaks, fails with a retriable {@link LlmHttpException}
 * (status 0): a cut answer is never returned as a short success. Error events ({@code data: {"error":...}}, or
 * llama-server's {@code error: {...}} lines) fail with the server's message and code.</li>
 * <li>Silence longer than requestTimeout (no byte at all, keep-alive comments count as activity) fails with
 * {@link LlmTimeoutException} (a {@link StallGuard} closes the stream); so does the {@code timeout} deadline.</li>
 * <li>{@link #close()} before the end closes the HTTP response, which makes llama-server stop generating.</li>
 * </ul>
 * A server that ignores {@code stream: true} and answers with one JSON completion is accepted too (one text chunk,
 * then the last chunk).
 * {@link #inputTokens()} is -1: OpenAI servers report prompt tokens only in the last event.
 */
final class OpenAiGeneration implements GenerationStream {

    private final OpenAiBackend backend;
    private final String url;
    private final InputStream in;
    private final SseReader events;
    private final boolean chat;
    private final ObjectMapper mapper;
    private final StallGuard stallGuard;
    private final GenerationDriver driver;

    // used by the reading thread only
    private String finishReason;
    private Integer promptTokens;
    private Integer completionTokens;
    private boolean started;
    private GenerationPiece.End pendingLast;

    OpenAiGeneration(
            OpenAiBackend backend,
            String url,
            InputStream in,
            boolean chat,
            long startNanos,
            long timeoutMillis,
            int maxTokens,
            ObjectMapper mapper) {
        this.backend = backend;
        this.url = url;
        this.in = in;
        this.chat = chat;
        this.mapper = mapper;
        this.stallGuard = new StallGuard(
                in, backend.settings().requestTimeout(), backend.transport().timer());
        this.events = new SseReader(in, stallGuard::touch);
        this.driver = new GenerationDriver(new EventStream(), startNanos, timeoutMillis, maxTokens);
        driver.enforceDeadline(backend.transport().timer());
    }

    @Override
    public int inputTokens() {
        return -1;
    }

    @Override
    public boolean hasNext() {
        return driver.hasNext();
    }

    @Override
    public LlmChunk next() {
        return driver.next();
    }

    /** Cancels the generation if it is still running; idempotent, from any thread. */
    @Override
    public void close() {
        driver.close();
    }

    /** The next piece; a stall takes precedence over the failure it caused (the guard closed the stream). */
    private GenerationPiece read(int chunks) {
        try {
            return readEvents(chunks);
        } catch (IOException e) {
            throw stallGuard.stalled() ? stalled(chunks) : broke(e, chunks);
        } catch (LlmException e) {
            throw stallGuard.stalled() ? stalled(chunks) : e;
        }
    }

    private GenerationPiece readEvents(int chunks) throws IOException {
        GenerationPiece.End last = pendingLast;
        if (last != null) {
            pendingLast = null;
            return last;
        }
        if (!started) {
            started = true;
            if (events.isPlainJson()) {
                return plainReply();
            }
        }
        while (true) {
            SseReader.Event event = events.next();
            if (event == null) {
                throw new LlmHttpException(
                        url,
                        0,
                        "the stream ended before [DONE] after " + chunks + " text chunks: the answer is incomplete",
                        true,
                        null);
            }
            if (event.error() != null) {
                throw errorEvent(parseError(event.error()), event.error());
            }
            String data = event.data();
            if (data == null || data.isBlank()) {
                continue;
            }
            if (data.strip().equals("[DONE]")) {
                return lastPiece();
            }
            JsonNode node = parse(data);
            if (node.has("error") || "error".equals(event.type())) {
                JsonNode error = node.has("error") ? node.get("error") : node;
                throw errorEvent(error, data);
            }
            usage(node);
            JsonNode choice = node.path("choices").path(0);
            if (choice.isMissingNode()) {
                continue; // the usage-only event of stream_options.include_usage
            }
            reason(choice);
            JsonNode text = chat ? choice.path("delta").path("content") : choice.path("text");
            if (text.isTextual() && !text.asText().isEmpty()) {
                return GenerationPiece.delta(text.asText());
            }
        }
    }

    /** A server that ignored stream:true sent the whole completion at once: one text chunk, then the last one. */
    private GenerationPiece plainReply() throws IOException {
        String body = events.remaining();
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new LlmHttpException(url, 0, "malformed JSON in the response: " + abbreviate(body), false, e);
        }
        if (node.has("error")) {
            throw errorEvent(node.get("error"), body);
        }
        usage(node);
        JsonNode choice = node.path("choices").path(0);
        if (!choice.isObject()) {
            throw new LlmHttpException(url, 0, "the response has no choices: " + abbreviate(body), false, null);
        }
        reason(choice);
        JsonNode text = chat ? choice.path("message").path("content") : choice.path("text");
        if (text.isTextual() && !text.asText().isEmpty()) {
            pendingLast = lastPiece();
            return GenerationPiece.delta(text.asText());
        }
        return lastPiece();
    }

    private GenerationPiece.End lastPiece() {
        return GenerationPiece.end(finishReason, promptTokens, completionTokens);
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

    private JsonNode parse(String data) {
        try {
            return mapper.readTree(data);
        } catch (JsonProcessingException e) {
            throw new LlmHttpException(url, 0, "malformed JSON in a server-sent event: " + abbreviate(data), false, e);
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
        String message = error.isTextual()
                ? error.asText()
                : error.path("message").isTextual() ? error.get("message").asText() : abbreviate(raw);
        int code = error.path("code").isInt() ? error.get("code").asInt() : 0;
        int status = code >= 400 && code < 600 ? code : 0;
        boolean retriable = status == 0 || HttpTransport.isRetriable(status);
        return new LlmHttpException(url, status, redact(message), retriable, null);
    }

    private LlmTimeoutException stalled(int chunks) {
        long limit = backend.settings().requestTimeout().toMillis();
        return new LlmTimeoutException("no data from " + url + " for requestTimeout " + limit + " ms after " + chunks
                + " text chunks; the stream was closed");
    }

    private LlmHttpException broke(IOException e, int chunks) {
        String type = e.getClass().getSimpleName();
        String what = e.getMessage() == null ? type : type + ": " + e.getMessage();
        return new LlmHttpException(url, 0, "the stream broke after " + chunks + " text chunks: " + what, true, e);
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

    /** The response stream as the driver sees it: closing it wakes a blocked reader and stops llama-server. */
    private final class EventStream implements GenerationSource {

        @Override
        public GenerationPiece read(int delivered) {
            return OpenAiGeneration.this.read(delivered);
        }

        @Override
        public void abort() {
            closeStream();
        }

        @Override
        public void release() {
            stallGuard.close();
            closeStream();
            backend.ended(OpenAiGeneration.this);
        }

        @Override
        public GenerationLabel label() {
            return new GenerationLabel(backend.modelNameIfKnown(), url, "text chunks");
        }
    }
}
