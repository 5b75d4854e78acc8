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

    /**
     * The backend's own readiness, without generating anything: the model is loaded and not closed, the server answers
     * its cheapest request within {@code options.timeoutMillis()}. Implementations must not throw (a failure is a
     * DOWN result with the error) and should reuse a remote answer for {@code options.cacheMillis()}. The default
     * says UP: a backend that exists was created successfully.
     */
    default LlmHealth status(LlmHealthOptions options) {
        return LlmHealth.up(name(), modelName(), null, java.util.Map.of());
    }

    /** Releases this instance's hold on shared resources. */
    @Override
    void close();
}
