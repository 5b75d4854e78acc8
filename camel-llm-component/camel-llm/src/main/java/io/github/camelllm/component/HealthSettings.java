package io.github.camelllm.component;

import io.github.camelllm.spi.LlmHealthOptions;
import io.github.camelllm.spi.LlmHealthOptions.Probe;

/** The readiness-check options of an endpoint (healthCheckProbe, healthCheckTimeout, healthCheckCacheTime), checked. */
final class HealthSettings {

    private HealthSettings() {}

    static LlmHealthOptions of(LlmEndpoint endpoint, TextResources texts) {
        LlmConfiguration c = endpoint.getConfiguration();
        if (c.getHealthCheckTimeout() <= 0) {
            throw RequestOptions.invalid(
                    "healthCheckTimeout", c.getHealthCheckTimeout(), "must be a positive number of milliseconds");
        }
        if (c.getHealthCheckCacheTime() < 0) {
            throw RequestOptions.invalid(
                    "healthCheckCacheTime",
                    c.getHealthCheckCacheTime(),
                    "must be 0 (check every time) or a positive number of milliseconds");
        }
        Probe probe = !c.isHealthCheckProbe()
                ? Probe.NONE
                : switch (endpoint.getOperation()) {
                    case embed -> Probe.EMBEDDING;
                    case chat -> Probe.CHAT;
                    default -> Probe.PROMPT;
                };
        String template = probe == Probe.CHAT ? texts.resolve("chatTemplate", c.getChatTemplate()) : null;
        return new LlmHealthOptions(
                c.getHealthCheckTimeout(),
                c.getHealthCheckCacheTime(),
                probe,
                template == null || template.isBlank() ? null : template);
    }
}
