package io.github.camelllm.spi;

import java.nio.file.Path;

/**
 * Creates backends. Implementations are discovered with Camel's factory finder from
 * {@code META-INF/services/io/github/camelllm/backend/<name>} (a properties file with {@code class=...}).
 */
public interface LlmBackendFactory {

    /** Folder of the factory descriptors on the classpath. */
    String RESOURCE_PATH = "META-INF/services/io/github/camelllm/backend/";

    /**
     * Creates a backend for an endpoint. May load a model: it is called when the producer starts (at route start,
     * or on the first exchange with {@code lazyStartProducer=true}).
     *
     * @param spec    what the component resolved from the endpoint's options
     * @param context the component's timer and shared resources; the backend keeps its leases and closes them in
     *                {@link LlmBackend#close()}
     */
    LlmBackend create(BackendSpec spec, LlmBackendContext context);

    /**
     * Whether this backend runs a local model file, which the component then resolves from the model, modelPath,
     * modelsDir and pullStrategy options (pulling it when asked) and hands over as {@link BackendSpec#modelFile()}.
     */
    default boolean usesModelFile() {
        return false;
    }

    /**
     * The model file used when an endpoint of this backend names no model at all (the local backend's bundled demo
     * model), or null when a model is required.
     */
    default Path defaultModelFile() {
        return null;
    }
}
