package io.github.camelllm.spi;

import java.util.List;

/** Vectors in input order, with the total number of input tokens. */
public record EmbeddingResult(List<float[]> vectors, int inputTokens, long durationMillis) {

    public EmbeddingResult {
        vectors = List.copyOf(vectors);
    }

    public int dimension() {
        return vectors.isEmpty() ? 0 : vectors.get(0).length;
    }
}
