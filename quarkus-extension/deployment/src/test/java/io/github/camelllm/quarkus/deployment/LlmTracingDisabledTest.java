package io.github.camelllm.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;

import io.github.camelllm.quarkus.LlmTracingObserver;
import io.github.camelllm.spi.LlmObserver;

/** quarkus.camel.llm.tracing.enabled=false: no tracing observer even with quarkus-opentelemetry. */
class LlmTracingDisabledTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.camel.llm.load-at-startup", "false")
            .overrideConfigKey("quarkus.camel.llm.tracing.enabled", "false")
            .overrideConfigKey("quarkus.otel.exporter.otlp.enabled", "false");

    @Inject
    CamelContext context;

    @Test
    void noTracingObserver() {
        assertTrue(context.getRegistry().findByType(LlmObserver.class).stream()
                .noneMatch(o -> o instanceof LlmTracingObserver));
    }
}
