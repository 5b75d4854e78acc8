package io.github.camelllm.spi;

/**
 * A model reachable by the llm component: in-process (llama.cpp) or remote. One instance serves one producer;
 * implementations share heavy resources (loaded models, HTTP clients) between instances themselves.
 */
public interface LlmBackend extends AutoCloseable {

    /** Backend name as reported in the CamelLlmBackend header, e.g. {@code local}. */
    String name();

    /** Model name as reported in the CamelLlmModel header. */
    String modelName();

    /** Starts a generation; chunks are produced as the model generates them. */
    GenerationStream generate(GenerationRequest request);

    /** Embeds the inputs. */
    EmbeddingResult embed(EmbeddingRequest request);

    /** Releases this instance's hold on shared resources. */
    @Override
    void close();
}
