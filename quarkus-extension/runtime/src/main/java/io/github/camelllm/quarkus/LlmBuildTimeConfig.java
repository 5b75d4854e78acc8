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

    /** Health check configuration. */
    interface Health {
        /**
         * Whether a readiness check named {@code camel-llm} is published when {@code quarkus-smallrye-health} is
         * present. It is DOWN until the model loaded at startup ({@code load-at-startup}) is ready.
         */
        @WithDefault("true")
        boolean enabled();
    }
}
