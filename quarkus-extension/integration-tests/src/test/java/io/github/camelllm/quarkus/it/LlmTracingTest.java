package io.github.camelllm.quarkus.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** With quarkus-opentelemetry, every llm: request is a CLIENT span with the GenAI semantic-convention attributes. */
@QuarkusTest
class LlmTracingTest {

    @Inject
    InMemorySpanExporter spans;

    @BeforeEach
    void reset() {
        spans.reset();
    }

    @Test
    void callIsATextCompletionSpanInsideTheHttpRequestsTrace() throws Exception {
        String prompt = "Once upon a time";
        given().body(prompt).contentType("text/plain").post("/llm/call").then().statusCode(200);

        SpanData llm = await(s -> "text_completion".equals(s.getAttributes().get(LlmTracingAttributes.OPERATION_NAME)));
        assertEquals(SpanKind.CLIENT, llm.getKind());
        assertEquals("text_completion stories260K", llm.getName());
        assertEquals("local", llm.getAttributes().get(LlmTracingAttributes.PROVIDER_NAME));
        assertEquals("stories260K", llm.getAttributes().get(LlmTracingAttributes.REQUEST_MODEL));
        assertEquals(32L, llm.getAttributes().get(LlmTracingAttributes.OUTPUT_TOKENS));
        assertTrue(llm.getAttributes().get(LlmTracingAttributes.INPUT_TOKENS) > 0);
        assertEquals(List.of("length"), llm.getAttributes().get(LlmTracingAttributes.FINISH_REASONS));
        assertNull(llm.getAttributes().get(LlmTracingAttributes.ERROR_TYPE));
        assertTrue(llm.getEndEpochNanos() > llm.getStartEpochNanos());

        SpanData http = await(s -> s.getKind() == SpanKind.SERVER && s.getName().contains("/llm/call"));
        assertEquals(http.getTraceId(), llm.getTraceId(), "the llm span belongs to the HTTP request's trace");
        assertTrue(
                llm.getStartEpochNanos() >= http.getStartEpochNanos()
                        && llm.getEndEpochNanos() <= http.getEndEpochNanos(),
                "the llm span lies within the HTTP request");

        assertFalse(
                spans.getFinishedSpanItems().stream()
                        .anyMatch(s -> s.getAttributes().asMap().values().stream()
                                .anyMatch(v -> String.valueOf(v).contains(prompt))),
                "prompt text must not be recorded");
    }

    @Test
    void embedIsAnEmbeddingsSpanWithInputTokensOnly() throws Exception {
        given().body("a small cat")
                .contentType("text/plain")
                .post("/llm/embed")
                .then()
                .statusCode(200);

        SpanData llm = await(s -> "embeddings".equals(s.getAttributes().get(LlmTracingAttributes.OPERATION_NAME)));
        assertEquals("embeddings stories260K", llm.getName());
        assertTrue(llm.getAttributes().get(LlmTracingAttributes.INPUT_TOKENS) > 0);
        assertNull(llm.getAttributes().get(LlmTracingAttributes.OUTPUT_TOKENS));
    }

    private SpanData await(Predicate<SpanData> match) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<SpanData> found =
                    spans.getFinishedSpanItems().stream().filter(match).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no matching span within 20 s: " + spans.getFinishedSpanItems());
    }
}
