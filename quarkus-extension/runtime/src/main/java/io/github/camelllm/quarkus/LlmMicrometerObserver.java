package io.github.camelllm.quarkus;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import io.github.camelllm.spi.LlmCallInfo;
import io.github.camelllm.spi.LlmObserver;

/**
 * Records OpenTelemetry GenAI client metrics with Micrometer for every llm: request. Registered by the extension only
 * when the application has quarkus-micrometer or micrometer-core; found by Camel through its registry (a named bean of
 * type LlmObserver). Meters go to the application's MeterRegistry bean (quarkus-micrometer provides one), else to
 * Micrometer's global registry.
 */
@Singleton
@Named(LlmMicrometerObserver.NAME)
public class LlmMicrometerObserver implements LlmObserver {

    public static final String NAME = "camelLlmMicrometerObserver";
    public static final String TOKEN_USAGE = "gen_ai.client.token.usage";
    public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
    public static final String TIME_TO_FIRST_TOKEN = "gen_ai.server.time_to_first_token";

    private final MeterRegistry registry;

    public LlmMicrometerObserver(Instance<MeterRegistry> registries) {
        this.registry = registries.isResolvable() ? registries.get() : Metrics.globalRegistry;
    }

    @Override
    public void onGeneration(LlmCallInfo info) {
        record(info);
    }

    @Override
    public void onEmbedding(LlmCallInfo info) {
        record(info);
    }

    private void record(LlmCallInfo info) {
        Tags tags = Tags.of(
                "gen_ai.operation.name",
                info.genAiOperationName(),
                "gen_ai.provider.name",
                orUnknown(info.provider()),
                "gen_ai.request.model",
                orUnknown(info.model()));
        if (info.errorType() != null) {
            tags = tags.and("error.type", info.errorType());
        }
        Timer.builder(OPERATION_DURATION)
                .description("GenAI operation duration")
                .tags(tags)
                .register(registry)
                .record(info.durationMs(), TimeUnit.MILLISECONDS);
        if (info.timeToFirstTokenMs() != null && info.timeToFirstTokenMs() >= 0) {
            Timer.builder(TIME_TO_FIRST_TOKEN)
                    .description("Time to generate the first token")
                    .tags(tags)
                    .register(registry)
                    .record(info.timeToFirstTokenMs(), TimeUnit.MILLISECONDS);
        }
        tokens(registry, tags, "input", info.inputTokens());
        tokens(registry, tags, "output", info.outputTokens());
    }

    private void tokens(MeterRegistry registry, Tags tags, String type, Integer count) {
        if (count == null || count < 0) {
            return;
        }
        DistributionSummary.builder(TOKEN_USAGE)
                .description("Number of input and output tokens used")
                .baseUnit("{token}")
                .tags(tags.and("gen_ai.token.type", type))
                .register(registry)
                .record(count);
    }

    private static String orUnknown(String s) {
        return s == null ? "unknown" : s;
    }
}
