package io.github.camelllm.quarkus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The GenAI semantic conventions' message format for {@code gen_ai.input.messages} / {@code gen_ai.output.messages}:
 * a JSON array of {@code {"role": ..., "parts": [{"type": "text", "content": ...}]}}.
 */
final class GenAiMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GenAiMessages() {}

    /**
     * {@code input}: a prompt (one user message; always for a text completion) or a JSON array of role/content
     * objects.
     */
    static String input(String input, boolean completion) {
        ArrayNode messages = JSON.createArrayNode();
        JsonNode conversation = completion ? null : conversation(input);
        if (conversation == null) {
            message(messages, "user", input);
        } else {
            for (JsonNode m : conversation) {
                message(
                        messages,
                        m.path("role").asText("user"),
                        m.path("content").asText(""));
            }
        }
        return messages.toString();
    }

    static String output(String text, String finishReason) {
        ArrayNode messages = JSON.createArrayNode();
        ObjectNode m = message(messages, "assistant", text);
        if (finishReason != null) {
            m.put("finish_reason", finishReason);
        }
        return messages.toString();
    }

    private static ObjectNode message(ArrayNode messages, String role, String text) {
        ObjectNode m = messages.addObject().put("role", role);
        m.putArray("parts").addObject().put("type", "text").put("content", text);
        return m;
    }

    private static JsonNode conversation(String input) {
        if (!input.stripLeading().startsWith("[")) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(input);
            return node.isArray() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
