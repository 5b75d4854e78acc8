package io.github.camelllm.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** quarkus.camel.llm.tracing.record-content=true: spans carry the prompt and the answer in the GenAI message format. */
class LlmTracingContentTest {

    static final AttributeKey<String> INPUT = AttributeKey.stringKey("gen_ai.input.messages");
    static final AttributeKey<String> OUTPUT = AttributeKey.stringKey("gen_ai.output.messages");

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addAsResource("llm-routes.yaml").addClass(Exporter.class))
            .overrideConfigKey("camel.main.routes-include-pattern", "classpath:llm-routes.yaml")
            .overrideConfigKey("quarkus.camel.llm.threads", "2")
            .overrideConfigKey("quarkus.camel.llm.tracing.record-content", "true")
            .overrideConfigKey("camel.component.llm.max-tokens", "8")
            .overrideConfigKey("camel.component.llm.temperature", "0")
            .overrideConfigKey("quarkus.otel.exporter.otlp.enabled", "false")
            .overrideConfigKey("quarkus.otel.bsp.schedule.delay", "10ms");

    /** The exporter the test reads spans from. */
    public static class Exporter {
        @Produces
        @Singleton
        InMemorySpanExporter exporter() {
            return InMemorySpanExporter.create();
        }
    }

    @Inject
    ProducerTemplate template;

    @Inject
    InMemorySpanExporter spans;

    @Test
    void promptAndAnswerAreOnTheSpan() throws Exception {
        String answer = template.requestBody("direct:story", "Once upon a time", String.class);
        SpanData span = await();
        ObjectMapper json = new ObjectMapper();
        JsonNode input = json.readTree(span.getAttributes().get(INPUT));
        assertEquals("user", input.get(0).get("role").asText());
        assertEquals("text", input.get(0).get("parts").get(0).get("type").asText());
        assertEquals(
                "Once upon a time",
                input.get(0).get("parts").get(0).get("content").asText());
        JsonNode output = json.readTree(span.getAttributes().get(OUTPUT));
        assertEquals("assistant", output.get(0).get("role").asText());
        assertEquals(answer, output.get(0).get("parts").get(0).get("content").asText());
        assertEquals("length", output.get(0).get("finish_reason").asText());
    }

    private SpanData await() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<SpanData> found = spans.getFinishedSpanItems().stream()
                    .filter(s -> "text_completion"
                            .equals(s.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))))
                    .toList();
            if (!found.isEmpty()) {
                return found.get(0);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no text_completion span: " + spans.getFinishedSpanItems());
    }
}
