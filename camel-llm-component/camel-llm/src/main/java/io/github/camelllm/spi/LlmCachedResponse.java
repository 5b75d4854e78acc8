package io.github.camelllm.spi;

import java.util.List;

/**
 * A stored answer: the body and the usage headers of the request that produced it, served again unchanged on a cache
 * hit (timings included: they are those of the original request).
 *
 * @param text               the generated text (call, chat), or null for an embedding
 * @param vectors            the vectors in input order (embed), or null for a generation
 * @param model              {@code CamelLlmModel}
 * @param backend            {@code CamelLlmBackend}
 * @param inputTokens        {@code CamelLlmInputTokens}, or null
 * @param outputTokens       {@code CamelLlmOutputTokens}, or null (always null for an embedding)
 * @param finishReason       {@code CamelLlmFinishReason}, or null
 * @param timeToFirstTokenMs {@code CamelLlmTimeToFirstTokenMs}, or null
 * @param generationMs       {@code CamelLlmGenerationMs}, or null
 */
public record LlmCachedResponse(
        String text,
        List<float[]> vectors,
        String model,
        String backend,
        Integer inputTokens,
        Integer outputTokens,
        String finishReason,
        Long timeToFirstTokenMs,
        Long generationMs) {

    public LlmCachedResponse {
        if ((text == null) == (vectors == null)) {
            throw new IllegalArgumentException("a cached response has either a text or vectors");
        }
        vectors = vectors == null ? null : List.copyOf(vectors);
    }

    /** An answer of llm:call or llm:chat. */
    public static LlmCachedResponse generation(
            String text,
            String model,
            String backend,
            Integer inputTokens,
            Integer outputTokens,
            String finishReason,
            Long timeToFirstTokenMs,
            Long generationMs) {
        return new LlmCachedResponse(
                text, null, model, backend, inputTokens, outputTokens, finishReason, timeToFirstTokenMs, generationMs);
    }

    /** An answer of llm:embed. */
    public static LlmCachedResponse embedding(
            List<float[]> vectors, String model, String backend, Integer inputTokens, Long generationMs) {
        return new LlmCachedResponse(null, vectors, model, backend, inputTokens, null, null, null, generationMs);
    }

    public boolean isEmbedding() {
        return vectors != null;
    }
}
