package io.github.camelllm.cache;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.camelllm.spi.LlmCachedResponse;
import io.github.camelllm.support.FloatVectors;

/**
 * Turns an {@link LlmCachedResponse} into JSON text and back, for {@link LlmResponseCache} stores that keep strings or
 * bytes (Redis, Infinispan, a database column). Vectors are written as base64 of little-endian IEEE 754 floats, so
 * they come back bit for bit.
 *
 * <pre>{"v":1,"text":"...","model":"...","backend":"local","inputTokens":5,"outputTokens":32,...}</pre>
 */
public final class LlmCachedResponseCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int VERSION = 1;

    private LlmCachedResponseCodec() {}

    public static String toJson(LlmCachedResponse r) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("v", VERSION);
        if (r.text() != null) {
            node.put("text", r.text());
        } else {
            ArrayNode vectors = node.putArray("vectors");
            for (float[] v : r.vectors()) {
                vectors.add(FloatVectors.toBase64(v));
            }
        }
        node.put("model", r.model());
        node.put("backend", r.backend());
        node.put("inputTokens", r.inputTokens());
        node.put("outputTokens", r.outputTokens());
        node.put("finishReason", r.finishReason());
        node.put("timeToFirstTokenMs", r.timeToFirstTokenMs());
        node.put("generationMs", r.generationMs());
        return node.toString();
    }

    /** @throws IllegalArgumentException when the text is not a response written by {@link #toJson} */
    public static LlmCachedResponse fromJson(String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a cached llm response: " + e.getMessage(), e);
        }
        if (node == null || node.path("v").asInt() != VERSION) {
            throw new IllegalArgumentException("not a cached llm response of version " + VERSION);
        }
        List<float[]> vectors = null;
        if (node.has("vectors")) {
            vectors = new ArrayList<>();
            for (JsonNode item : node.get("vectors")) {
                vectors.add(FloatVectors.fromBase64(item.asText()));
            }
        }
        return new LlmCachedResponse(
                text(node, "text"),
                vectors,
                text(node, "model"),
                text(node, "backend"),
                node.hasNonNull("inputTokens") ? node.get("inputTokens").asInt() : null,
                node.hasNonNull("outputTokens") ? node.get("outputTokens").asInt() : null,
                text(node, "finishReason"),
                node.hasNonNull("timeToFirstTokenMs")
                        ? node.get("timeToFirstTokenMs").asLong()
                        : null,
                node.hasNonNull("generationMs") ? node.get("generationMs").asLong() : null);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
