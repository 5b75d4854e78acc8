package io.github.camelllm.quarkus.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** llm:stream served as Server-Sent Events by a REST endpoint and the stream route of camel/routes.yaml. */
@QuarkusTest
class LlmStreamTest {

    @TestHTTPResource("/llm/stream")
    URI stream;

    @Inject
    InMemorySpanExporter spans;

    private List<SseEvents.Event> get(String prompt) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(stream + "?prompt=" + URLEncoder.encode(prompt, StandardCharsets.UTF_8)))
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(60))
                .build();
        HttpResponse<java.io.InputStream> response =
                HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            return SseEvents.read(reader, Integer.MAX_VALUE);
        }
    }

    @Test
    void tokensArriveAsEventsAndAddUpToTheNonStreamedAnswer() throws Exception {
        String expected = given().body("Once upon a time")
                .contentType("text/plain")
                .post("/llm/call")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        List<SseEvents.Event> events = get("Once upon a time");

        List<SseEvents.Event> tokens =
                events.stream().filter(e -> e.name().equals("token")).toList();
        assertTrue(tokens.size() > 10, "one event per token expected, got " + events);
        ObjectMapper json = new ObjectMapper();
        StringBuilder text = new StringBuilder();
        for (SseEvents.Event token : tokens) {
            text.append(json.readTree(token.data()).get("text").asText());
        }
        assertEquals(expected, text.toString());
        SseEvents.Event done = events.get(events.size() - 1);
        assertEquals("done", done.name(), events.toString());
        JsonNode counts = new ObjectMapper().readTree(done.data());
        assertEquals("length", counts.get("finishReason").asText());
        assertEquals(32, counts.get("outputTokens").asInt());
        assertTrue(counts.get("inputTokens").asInt() > 0);
    }

    @Test
    void aFailedGenerationIsAnErrorEvent() throws Exception {
        List<SseEvents.Event> events = get(" ");
        assertEquals(1, events.size(), events.toString());
        assertEquals("error", events.get(0).name());
        assertTrue(events.get(0).data().contains("blank"), events.get(0).data());
    }

    @Test
    void aClientThatGoesAwayCancelsTheGeneration() throws Exception {
        spans.reset();
        try (Socket socket = new Socket(stream.getHost(), stream.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + stream.getPath() + "?prompt=Once&maxTokens=5000 HTTP/1.1\r\nHost: localhost\r\n"
                            + "Accept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null
                    && !line.startsWith("event:token")
                    && !line.startsWith("event: token")) {
                // status line and headers, then the first event
            }
        }
        SpanData span = awaitSpan("chat");
        assertTrue(span.getAttributes().get(LlmTracingAttributes.ERROR_TYPE) != null, span.toString());
        Long output = span.getAttributes().get(LlmTracingAttributes.OUTPUT_TOKENS);
        assertTrue(output == null || output < 5000, span.toString());
    }

    private SpanData awaitSpan(String operation) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (SpanData s : spans.getFinishedSpanItems()) {
                if (operation.equals(s.getAttributes().get(LlmTracingAttributes.OPERATION_NAME))) {
                    return s;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + operation + " span within 30 s: " + spans.getFinishedSpanItems());
    }
}
