package io.github.camelllm.spi;

import java.util.List;

/** Texts to embed, in order. */
public record EmbeddingRequest(List<String> inputs, boolean normalize, long timeoutMillis, long queueTimeoutMillis) {

    public EmbeddingRequest {
        inputs = List.copyOf(inputs);
    }
}
