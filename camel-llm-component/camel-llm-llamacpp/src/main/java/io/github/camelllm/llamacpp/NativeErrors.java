package io.github.camelllm.llamacpp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** llama.cpp reports request errors as JSON ({"code":400,"message":...}); this extracts the human part. */
final class NativeErrors {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private NativeErrors() {}

    static String message(RuntimeException e) {
        String raw = e.getMessage();
        if (raw == null) {
            return e.getClass().getSimpleName();
        }
        String trimmed = raw.trim();
        if (trimmed.startsWith("{")) {
            try {
                JsonNode node = MAPPER.readTree(trimmed);
                if (node.hasNonNull("message")) {
                    return node.get("message").asText();
                }
            } catch (Exception ignored) {
                // not JSON after all: use the text as it is
            }
        }
        return raw;
    }
}
