package io.github.camelllm.component;

import java.util.Locale;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.FactoryFinder;

import io.github.camelllm.spi.LlmBackend;
import io.github.camelllm.spi.LlmBackendFactory;

/** Finds the backend named by the {@code backend} option. */
final class LlmBackends {

    private LlmBackends() {
    }

    static LlmBackend create(CamelContext context, LlmConfiguration configuration, LlmOperation operation) {
        String name = configuration.getBackend() == null ? "local" : configuration.getBackend().trim().toLowerCase(Locale.ROOT);
        if (!"local".equals(name)) {
            throw new LlmInvalidRequestException("unknown backend '" + configuration.getBackend() + "': expected local");
        }
        FactoryFinder finder = context.getCamelContextExtension().getBootstrapFactoryFinder(LlmBackendFactory.RESOURCE_PATH);
        Optional<LlmBackendFactory> factory = finder.newInstance(name, LlmBackendFactory.class);
        if (factory.isEmpty()) {
            throw new LlmInvalidRequestException("backend '" + name + "' is not on the classpath: add the dependency"
                    + " io.github.camel-llm:camel-llm-llamacpp (it brings the llama.cpp native library)");
        }
        return factory.get().create(context, configuration, operation);
    }
}
