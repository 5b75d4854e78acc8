package io.github.camelllm.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;

import io.github.camelllm.quarkus.LlmTracingObserver;
import io.github.camelllm.spi.LlmObserver;

/** With quarkus-opentelemetry, the tracing observer is a bean that Camel finds in its registry. */
class LlmTracingBeanTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.camel.llm.load-at-startup", "false")
            .overrideConfigKey("quarkus.otel.exporter.otlp.enabled", "false");

    @Inject
    CamelContext context;

    @Test
    void observerIsInTheCamelRegistry() {
        Set<LlmObserver> observers = context.getRegistry().findByType(LlmObserver.class);
        assertTrue(observers.stream().anyMatch(o -> o instanceof LlmTracingObserver), observers.toString());
        assertTrue(context.getRegistry().lookupByName(LlmTracingObserver.NAME) instanceof LlmTracingObserver);
    }
}
