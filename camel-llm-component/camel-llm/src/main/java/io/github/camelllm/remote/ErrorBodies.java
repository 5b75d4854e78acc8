package io.github.camelllm.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Extracts the human message from the error bodies of OpenAI-compatible servers, llama-server and Ollama. */
final class ErrorBodies {

    private ErrorBodies() {}

    static String message(String body, ObjectMapper mapper) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode node = mapper.readTree(body);
            JsonNode error = node.get("error");
            if (error != null) {
                if (error.isTextual()) {
                    return error.asText(); // Ollama: {"error":"model 'x' not found"}
                }
                if (error.hasNonNull("message")) {
                    return error.get("message").asText(); // OpenAI / llama-server: {"error":{"message":...}}
                }
            }
            if (node.hasNonNull("message")) {
                return node.get("message").asText();
            }
            if (node.hasNonNull("detail")) {
                return node.get("detail").asText(); // vLLM / FastAPI
            }
        } catch (Exception notJson) {
            // plain-text error page
        }
        return HttpTransport.abbreviate(body.trim());
    }
}
