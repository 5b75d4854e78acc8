package io.github.camelllm.component;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Message;

import io.github.camelllm.spi.LlmCachedResponse;
import io.github.camelllm.spi.LlmChunk;

/** Copies answers between a message (body and CamelLlm* headers) and an {@link LlmCachedResponse}. */
final class CachedAnswers {

    private CachedAnswers() {}

    /** The answer llm:call or llm:chat just wrote to {@code out}. */
    static LlmCachedResponse ofGeneration(Message out) {
        return LlmCachedResponse.generation(
                out.getBody(String.class),
                out.getHeader(LlmConstants.MODEL, String.class),
                out.getHeader(LlmConstants.BACKEND, String.class),
                out.getHeader(LlmConstants.INPUT_TOKENS, Integer.class),
                out.getHeader(LlmConstants.OUTPUT_TOKENS, Integer.class),
                out.getHeader(LlmConstants.FINISH_REASON, String.class),
                out.getHeader(LlmConstants.TIME_TO_FIRST_TOKEN_MS, Long.class),
                out.getHeader(LlmConstants.GENERATION_MS, Long.class));
    }

    /** Writes a stored generation as llm:call and llm:chat write a fresh one. */
    static void writeGeneration(Message out, LlmCachedResponse r) {
        out.setBody(r.text());
        GenerationRunner.writeHeaders(
                out,
                r.inputTokens(),
                r.outputTokens(),
                r.finishReason(),
                r.model(),
                r.backend(),
                r.timeToFirstTokenMs(),
                r.generationMs(),
                LlmChunk.tokensPerSecond(r.outputTokens(), r.timeToFirstTokenMs(), r.generationMs()));
    }

    /**
     * Writes stored vectors as llm:embed writes fresh ones: a float[] for a single input, a List otherwise. The arrays are
     * copies, so a route that changes them does not change the cache.
     */
    static void writeEmbedding(Message out, LlmCachedResponse r, boolean single) {
        List<float[]> vectors = new ArrayList<>(r.vectors().size());
        r.vectors().forEach(v -> vectors.add(v.clone()));
        out.setBody(single ? vectors.get(0) : vectors);
        out.setHeader(LlmConstants.EMBEDDING_DIMENSION, vectors.isEmpty() ? 0 : vectors.get(0).length);
        out.setHeader(LlmConstants.EMBEDDING_COUNT, vectors.size());
        out.setHeader(LlmConstants.INPUT_TOKENS, r.inputTokens());
        out.setHeader(LlmConstants.MODEL, r.model());
        out.setHeader(LlmConstants.BACKEND, r.backend());
        out.setHeader(LlmConstants.GENERATION_MS, r.generationMs());
    }
}
