package io.github.camelllm.quarkus.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** With quarkus-micrometer (Prometheus registry), llm: requests are recorded as OpenTelemetry GenAI client metrics. */
@QuarkusTest
class LlmMetricsTest {

    @Inject
    MeterRegistry registry;

    private DistributionSummary tokens(String operation, String type) {
        return registry.find("gen_ai.client.token.usage")
                .tag("gen_ai.operation.name", operation)
                .tag("gen_ai.provider.name", "local")
                .tag("gen_ai.token.type", type)
                .summary();
    }

    @Test
    void callRecordsTokenUsageDurationAndTimeToFirstToken() {
        DistributionSummary before = tokens("text_completion", "output");
        long countBefore = before == null ? 0 : before.count();
        double totalBefore = before == null ? 0 : before.totalAmount();
        given().body("Once upon a time")
                .contentType("text/plain")
                .when()
                .post("/llm/call")
                .then()
                .statusCode(200);
        DistributionSummary output = tokens("text_completion", "output");
        assertNotNull(output, "gen_ai.client.token.usage{gen_ai.token.type=output}: " + registry.getMeters());
        assertEquals(countBefore + 1, output.count());
        assertTrue(output.totalAmount() > totalBefore);
        assertNotNull(output.getId().getTag("gen_ai.request.model"));
        assertNull(output.getId().getTag("error.type"));
        assertTrue(tokens("text_completion", "input").totalAmount() > 0);
        Timer duration = registry.find("gen_ai.client.operation.duration")
                .tag("gen_ai.operation.name", "text_completion")
                .timer();
        assertNotNull(duration);
        assertTrue(duration.count() >= 1);
        assertNotNull(registry.find("gen_ai.server.time_to_first_token")
                .tag("gen_ai.operation.name", "text_completion")
                .timer());
    }

    @Test
    void metricsEndpointShowsTheGenAiMetrics() {
        given().body("Once upon a time")
                .contentType("text/plain")
                .post("/llm/call")
                .then()
                .statusCode(200);
        String metrics = given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        List<String> lines =
                metrics.lines().filter(l -> l.startsWith("gen_ai_")).toList();
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.startsWith("gen_ai_client_token_usage")
                                && l.contains("gen_ai_token_type=\"output\"")
                                && l.contains("gen_ai_operation_name=\"text_completion\"")
                                && l.contains("gen_ai_provider_name=\"local\"")),
                "token usage in /q/metrics: " + lines);
        assertTrue(
                lines.stream().anyMatch(l -> l.startsWith("gen_ai_client_operation_duration_seconds")),
                "operation duration in /q/metrics: " + lines);
        assertTrue(
                lines.stream().anyMatch(l -> l.startsWith("gen_ai_server_time_to_first_token_seconds")),
                "time to first token in /q/metrics: " + lines);
    }

    @Test
    void embedRecordsInputTokens() {
        given().body("a small cat")
                .contentType("text/plain")
                .when()
                .post("/llm/embed")
                .then()
                .statusCode(200);
        DistributionSummary input = tokens("embeddings", "input");
        assertNotNull(input, "embeddings input tokens: " + registry.getMeters());
        assertTrue(input.count() >= 1);
        assertNull(tokens("embeddings", "output"));
    }
}
