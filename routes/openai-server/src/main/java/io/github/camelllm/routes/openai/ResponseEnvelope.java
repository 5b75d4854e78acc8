package io.github.camelllm.routes.openai;

import java.security.SecureRandom;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The parts chat and text completions share, plain and streamed: the envelope around the one choice (id, created,
 * model, object, system_fingerprint) and the usage with llama-server-like timings.
 */
final class ResponseEnvelope {

    static final String FINGERPRINT = "camel-llm";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private ResponseEnvelope() {}

    /** An envelope with a new id and the current time. */
    static ObjectNode envelope(String idPrefix, String object, String model, ObjectNode choice) {
        return envelope(newId(idPrefix), System.currentTimeMillis() / 1000, object, model, choice);
    }

    static ObjectNode envelope(String id, long created, String object, String model, ObjectNode choice) {
        ObjectNode body = JsonResponses.object();
        body.putArray("choices").add(choice);
        body.put("created", created)
                .put("id", id)
                .put("model", model)
                .put("system_fingerprint", FINGERPRINT)
                .put("object", object);
        return body;
    }

    /** usage {prompt_tokens, completion_tokens, total_tokens} and llama-server-like timings from the llm headers. */
    static void usageAndTimings(
            ObjectNode body, Integer inputTokens, Integer outputTokens, Long ttftMs, Long generationMs) {
        int prompt = inputTokens == null || inputTokens < 0 ? 0 : inputTokens;
        int completion = outputTokens == null ? 0 : outputTokens;
        body.putObject("usage")
                .put("completion_tokens", completion)
                .put("prompt_tokens", prompt)
                .put("total_tokens", prompt + completion);
        if (ttftMs != null && generationMs != null) {
            double promptMs = ttftMs;
            double predictedMs = Math.max(0, generationMs - ttftMs);
            ObjectNode t = body.putObject("timings");
            t.put("prompt_n", prompt)
                    .put("prompt_ms", promptMs)
                    .put("prompt_per_token_ms", prompt == 0 ? 0 : promptMs / prompt)
                    .put("prompt_per_second", promptMs == 0 ? 0 : prompt * 1000.0 / promptMs);
            t.put("predicted_n", completion)
                    .put("predicted_ms", predictedMs)
                    .put("predicted_per_token_ms", completion == 0 ? 0 : predictedMs / completion)
                    .put("predicted_per_second", predictedMs == 0 ? 0 : completion * 1000.0 / predictedMs);
        }
    }

    /** The prefix and 32 random letters and digits, like OpenAI's ids. */
    static String newId(String prefix) {
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < 32; i++) {
            id.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
        }
        return id.toString();
    }
}
