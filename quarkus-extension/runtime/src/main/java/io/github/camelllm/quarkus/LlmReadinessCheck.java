package io.github.camelllm.quarkus;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.github.camelllm.component.LlmEndpoint;
import io.github.camelllm.spi.LlmHealth;

/**
 * Readiness check {@code camel-llm}: DOWN until the model loaded at startup is ready (UP at once when
 * {@code quarkus.camel.llm.load-at-startup=false}), and DOWN while any started {@code llm:} endpoint is not ready: its
 * model is loading or failed to load, its remote server cannot be reached, or (with {@code healthCheckProbe}) its
 * one-token probe fails. Each such endpoint is listed in the data with its state. Registered only with
 * quarkus-smallrye-health and {@code quarkus.camel.llm.health.enabled=true}.
 */
@Readiness
@ApplicationScoped
public class LlmReadinessCheck implements HealthCheck {

    @Inject
    LlmModelStatus status;

    @Inject
    CamelContext context;

    @Override
    public HealthCheckResponse call() {
        LlmModelStatus.State state = status.state();
        boolean up = state == LlmModelStatus.State.READY || state == LlmModelStatus.State.NOT_REQUESTED;
        HealthCheckResponseBuilder b = HealthCheckResponse.named("camel-llm").withData("state", state.name());
        for (Endpoint endpoint : context.getEndpoints()) {
            if (endpoint instanceof LlmEndpoint llm) {
                LlmHealth health = llm.health();
                if ("stopped".equals(health.details().get("state"))) {
                    continue; // no producer: a lazy endpoint not used yet, or one whose route stopped
                }
                up &= health.up();
                b.withData(endpoint.getEndpointKey(), describe(health));
            }
        }
        b.status(up);
        if (status.detail() != null) {
            b.withData("model", status.detail());
        }
        if (status.error() != null) {
            b.withData("error", status.error());
        }
        if (status.loadMillis() >= 0) {
            b.withData("loadMillis", status.loadMillis());
        }
        return b.build();
    }

    private static String describe(LlmHealth health) {
        StringBuilder s = new StringBuilder(health.up() ? "UP" : "DOWN");
        if (health.backend() != null) {
            s.append(" ").append(health.backend());
        }
        if (health.url() != null) {
            s.append(" ").append(health.url());
        }
        if (health.message() != null) {
            s.append(": ").append(health.message());
        }
        return s.toString();
    }
}
