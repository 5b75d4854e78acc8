package io.github.camelllm.component;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code llm} component: {@code llm:call}, {@code llm:chat}, {@code llm:embed} and {@code llm:stream} against a
 * local GGUF model (llama.cpp in-process) or a remote server.
 */
@Component("llm")
public class LlmComponent extends DefaultComponent {

    @Metadata(description = "Component-wide defaults for every llm endpoint; endpoint options and CamelLlm* headers override them.")
    private LlmConfiguration configuration = new LlmConfiguration();

    public LlmComponent() {
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        LlmOperation operation = LlmOperation.parse(remaining);
        LlmEndpoint endpoint = new LlmEndpoint(uri, this, operation, configuration.copy());
        setProperties(endpoint, parameters);
        return endpoint;
    }

    public LlmConfiguration getConfiguration() {
        return configuration;
    }

    /** Component-wide defaults for every llm endpoint. */
    public void setConfiguration(LlmConfiguration configuration) {
        this.configuration = configuration;
    }
}
