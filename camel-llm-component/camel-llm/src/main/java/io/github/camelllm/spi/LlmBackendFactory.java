package io.github.camelllm.spi;

import org.apache.camel.CamelContext;

import io.github.camelllm.component.LlmConfiguration;
import io.github.camelllm.component.LlmOperation;

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
     */
    LlmBackend create(CamelContext context, LlmConfiguration configuration, LlmOperation operation);
}
