package io.github.camelllm.examples.webchat;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.camelllm.spi.LlmChunk;
import io.github.camelllm.spi.LlmException;

/**
 * The JSON payloads of the events. Token texts travel inside JSON, never as raw SSE data: an SSE client
 * strips the first space after {@code data:}, and tokens often start with a space or contain a newline.
 */
final class ChatEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatEvents() {}

    /** A {@code token} event: {@code {"text": " there", "index": 3}}. */
    static String token(LlmChunk chunk) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text", chunk.getText());
        data.put("index", chunk.getIndex());
        return json(data);
    }

    /** The {@code done} event: the last chunk's finish reason, counts and timings. */
    static String done(LlmChunk last, String model, int tokenEvents) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("finishReason", last.getFinishReason());
        data.put("inputTokens", last.getInputTokens());
        data.put("outputTokens", last.getOutputTokens());
        data.put("tokenEvents", tokenEvents);
        data.put("timeToFirstTokenMs", last.getTimeToFirstTokenMs());
        data.put("generationMs", last.getGenerationMs());
        data.put("tokensPerSecond", last.getTokensPerSecond());
        data.put("model", model);
        return json(data);
    }

    /** An {@code error} event or error body: {@code {"message": ..., "type": ...}}. */
    static Map<String, Object> error(String message, String type) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message", message);
        data.put("type", type);
        return data;
    }

    /**
     * An error for a failure: the llm component's own exception when the chain has one (its message is written for
     * users, e.g. {@code prompt has 2986 tokens, context is 2048}), else the root cause, which Camel's wrappers hide.
     */
    static Map<String, Object> error(Throwable failure) {
        Throwable shown = rootCause(failure);
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof LlmException) {
                shown = t;
                break;
            }
        }
        String message = shown.getMessage() != null
                ? shown.getMessage()
                : shown.getClass().getName();
        return error(message, shown.getClass().getSimpleName());
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** The JSON text of an event's data. */
    static String json(Map<String, Object> data) {
        try {
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + data.keySet() + " as JSON", e);
        }
    }
}
