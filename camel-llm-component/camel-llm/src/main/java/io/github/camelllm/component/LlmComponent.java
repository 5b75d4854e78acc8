package io.github.camelllm.component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

import io.github.camelllm.cache.CaffeineResponseCache;
import io.github.camelllm.spi.LlmOperation;

/**
 * The {@code llm} component: {@code llm:call}, {@code llm:chat}, {@code llm:embed} and {@code llm:stream} against a
 * local GGUF model (llama.cpp in-process) or a remote server.
 */
@Component("llm")
public class LlmComponent extends DefaultComponent {

    @Metadata(
            description =
                    "The shared LlmConfiguration object holding all the options of the component, which are the defaults of"
                            + " every llm endpoint (endpoint options and CamelLlm headers override them). Set the individual options"
                            + " instead, unless you build the component in Java.")
    private LlmConfiguration configuration = new LlmConfiguration();

    @Metadata(
            label = "health",
            defaultValue = "true",
            description =
                    "Component only: turns the readiness health checks of this component's producers (one per llm endpoint"
                            + " in use) on or off; the standard Camel option of components with producer health checks. Camel runs"
                            + " producer health checks only when they are turned on globally: camel.health.producersEnabled=true.")
    private boolean healthCheckProducerEnabled = true;

    /** The default response-cache stores, one per value of cacheMaxEntries, shared by the endpoints of this component. */
    private final Map<Integer, CaffeineResponseCache> responseCaches = new ConcurrentHashMap<>();

    /** Threads, loaded models and HTTP clients of this component's backends; created when the component starts. */
    private volatile LlmRuntime runtime;

    public LlmComponent() {}

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        runtime = new LlmRuntime(getCamelContext());
        runtime.start();
    }

    /**
     * What this component lends its backends while it runs: timer and probe threads, loaded models, HTTP clients.
     *
     * @throws IllegalStateException when the component is not started
     */
    public LlmRuntime runtime() {
        LlmRuntime r = runtime;
        if (r == null) {
            throw new IllegalStateException("the llm component is not started");
        }
        return r;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        LlmOperation operation = LlmOperation.parse(remaining);
        LlmEndpoint endpoint = new LlmEndpoint(uri, this, operation, configuration.copy());
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /**
     * The in-memory response cache that endpoints with {@code cacheEnabled=true}, no {@code cacheStore} and this
     * {@code cacheMaxEntries} share. It lives as long as the component (the CamelContext).
     */
    public CaffeineResponseCache defaultResponseCache(int maxEntries) {
        return responseCaches.computeIfAbsent(maxEntries, CaffeineResponseCache::new);
    }

    @Override
    protected void doStop() throws Exception {
        responseCaches.values().forEach(CaffeineResponseCache::clear);
        responseCaches.clear();
        LlmRuntime r = runtime;
        runtime = null;
        if (r != null) {
            r.stop();
        }
        super.doStop();
    }

    public boolean isHealthCheckProducerEnabled() {
        return healthCheckProducerEnabled;
    }

    /**
     * Used for enabling or disabling the readiness health checks of this component's producers. Camel runs producer
     * health checks only when they are turned on globally: camel.health.producersEnabled=true.
     */
    public void setHealthCheckProducerEnabled(boolean healthCheckProducerEnabled) {
        this.healthCheckProducerEnabled = healthCheckProducerEnabled;
    }

    public LlmConfiguration getConfiguration() {
        return configuration;
    }

    /** Component-wide defaults for every llm endpoint. */
    public void setConfiguration(LlmConfiguration configuration) {
        this.configuration = configuration;
    }
}
