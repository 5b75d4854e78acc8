package io.github.camelllm.spi;

import java.util.List;

/**
 * Texts to embed, in order. Backends return the model's own vectors; the component L2-normalises them when the
 * endpoint asks for it (option normalize), the same way for every backend.
 */
public record EmbeddingRequest(List<String> inputs, long timeoutMillis, long queueTimeoutMillis) {

    public EmbeddingRequest {
        inputs = List.copyOf(inputs);
    }
}
