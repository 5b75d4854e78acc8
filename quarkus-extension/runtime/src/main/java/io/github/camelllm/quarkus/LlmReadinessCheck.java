package io.github.camelllm.quarkus;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check {@code camel-llm}: DOWN until the model loaded at startup is ready (UP at once when
 * {@code quarkus.camel.llm.load-at-startup=false}). Registered only with quarkus-smallrye-health and
 * {@code quarkus.camel.llm.health.enabled=true}.
 */
@Readiness
@ApplicationScoped
public class LlmReadinessCheck implements HealthCheck {

    @Inject
    LlmModelStatus status;

    @Override
    public HealthCheckResponse call() {
        LlmModelStatus.State state = status.state();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("camel-llm")
                .status(state == LlmModelStatus.State.READY || state == LlmModelStatus.State.NOT_REQUESTED)
                .withData("state", state.name());
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
}
