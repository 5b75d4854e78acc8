package io.github.camelllm.component;

import java.util.Map;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import io.github.camelllm.spi.LlmHealth;

/**
 * Readiness check of one llm endpoint, in Camel's {@code producers} health-check repository as
 * {@code camel/producer:llm://...}: DOWN while the model loads or after its producer failed to start, and, once it
 * runs, as the backend reports (a remote server that cannot be reached, a closed model, a failing probe).
 * Never a liveness check: a model that takes minutes to load must not get the process restarted.
 */
final class LlmProducerHealthCheck extends AbstractHealthCheck {

    private final LlmEndpoint endpoint;

    LlmProducerHealthCheck(LlmEndpoint endpoint) {
        super("camel", "producer:" + id(endpoint));
        this.endpoint = endpoint;
    }

    /**
     * The endpoint URI with its one secret, apiKey, masked. (Camel's URISupport.sanitizeUri would also mask maxTokens,
     * whose name contains "token", and make the ids of endpoints that differ only there look the same.)
     */
    static String id(LlmEndpoint endpoint) {
        return endpoint.getEndpointUri().replaceAll("(?i)([?&]apiKey=)[^&]*", "$1xxxxxx");
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        LlmHealth health = endpoint.health();
        builder.detail(HealthCheck.ENDPOINT_URI, id(endpoint));
        detail(builder, "backend", health.backend());
        detail(builder, "model", health.model());
        detail(builder, "url", health.url());
        health.details().forEach((k, v) -> detail(builder, k, v));
        if (health.up()) {
            builder.up();
            return;
        }
        builder.down();
        builder.message(health.message());
        if (health.error() != null) {
            builder.error(health.error());
        }
    }

    private static void detail(HealthCheckResultBuilder builder, String key, Object value) {
        if (value != null) {
            builder.detail(key, value);
        }
    }
}
