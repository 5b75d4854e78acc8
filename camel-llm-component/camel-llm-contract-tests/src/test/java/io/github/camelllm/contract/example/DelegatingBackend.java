package io.github.camelllm.contract.example;

import java.util.concurrent.atomic.AtomicLong;

import io.github.camelllm.spi.EmbeddingRequest;
import io.github.camelllm.spi.EmbeddingResult;
import io.github.camelllm.spi.GenerationRequest;
import io.github.camelllm.spi.GenerationStream;
import io.github.camelllm.spi.LlmBackend;
import io.github.camelllm.spi.LlmChunk;
import io.github.camelllm.spi.LlmHealth;
import io.github.camelllm.spi.LlmHealthOptions;

/** Serves every request through another backend and counts the generated tokens (see {@link DelegatingBackendFactory}). */
final class DelegatingBackend implements LlmBackend {

    /** Output tokens served by every instance of this backend in this JVM (read by the contract test). */
    static final AtomicLong OUTPUT_TOKENS = new AtomicLong();

    private final LlmBackend delegate;

    DelegatingBackend(LlmBackend delegate) {
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return "spi-example";
    }

    @Override
    public String modelName() {
        return delegate.modelName();
    }

    @Override
    public GenerationStream generate(GenerationRequest request) {
        GenerationStream stream = delegate.generate(request);
        return new GenerationStream() {
            @Override
            public int inputTokens() {
                return stream.inputTokens();
            }

            @Override
            public boolean hasNext() {
                return stream.hasNext();
            }

            @Override
            public LlmChunk next() {
                LlmChunk chunk = stream.next();
                if (chunk.isLast() && chunk.getOutputTokens() != null) {
                    OUTPUT_TOKENS.addAndGet(chunk.getOutputTokens());
                }
                return chunk;
            }

            @Override
            public void close() {
                stream.close();
            }
        };
    }

    @Override
    public EmbeddingResult embed(EmbeddingRequest request) {
        return delegate.embed(request);
    }

    @Override
    public LlmHealth status(LlmHealthOptions options) {
        return delegate.status(options);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
