package io.github.camelllm.quarkus;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Build-time configuration of the camel-llm extension.
 */
@ConfigMapping(prefix = "quarkus.camel.llm")
@ConfigRoot(phase = ConfigPhase.BUILD_AND_RUN_TIME_FIXED)
public interface LlmBuildTimeConfig {

    /**
     * Health checks.
     */
    Health health();

    /**
     * GenAI metrics.
     */
    Metrics metrics();

    /**
     * GenAI tracing.
     */
    Tracing tracing();

    /** Health check configuration. */
    interface Health {
        /**
         * Whether a readiness check named {@code camel-llm} is published when {@code quarkus-smallrye-health} is
         * present. It is DOWN until the model loaded at startup ({@code load-at-startup}) is ready.
         */
        @WithDefault("true")
        boolean enabled();
    }

    /** Metrics configuration. */
    interface Metrics {
        /**
         * Whether every llm: request is recorded as OpenTelemetry GenAI client metrics
         * ({@code gen_ai.client.token.usage}, {@code gen_ai.client.operation.duration},
         * {@code gen_ai.server.time_to_first_token}) when the application has {@code quarkus-micrometer} (or
         * {@code micrometer-core}).
         */
        @WithDefault("true")
        boolean enabled();
    }

    /** Tracing configuration. */
    interface Tracing {
        /**
         * Whether every llm: request is recorded as an OpenTelemetry span with the GenAI semantic-convention
         * attributes when the application has {@code quarkus-opentelemetry}. Prompt and completion text are recorded
         * only with {@code record-content}.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * Whether the spans of generations also carry the prompt or conversation ({@code gen_ai.input.messages}) and
         * the generated text ({@code gen_ai.output.messages}), as JSON. Off by default: prompts and answers often hold
         * personal or confidential data, and spans are exported to other systems.
         */
        @WithDefault("false")
        boolean recordContent();
    }
}
