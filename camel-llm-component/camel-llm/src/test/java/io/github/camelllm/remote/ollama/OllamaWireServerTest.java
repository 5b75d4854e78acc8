package io.github.camelllm.remote.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The wire server's own protocol details, seen with a plain HTTP client. */
@Timeout(30)
class OllamaWireServerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private OllamaWireServer server;

    @BeforeEach
    void start() {
        server = OllamaWireServer.start(new OllamaWireServer.ScriptedEngine().reply("a b c"), "tiny");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void streamingIsNdjsonWithOneObjectPerLineAndADoneLine() throws Exception {
        HttpResponse<String> r = post("/api/generate", "{\"model\":\"tiny\",\"prompt\":\"x y\"}");
        assertEquals(200, r.statusCode());
        assertEquals(
                "application/x-ndjson", r.headers().firstValue("Content-Type").orElse(""));
        List<String> lines = r.body().lines().toList();
        assertEquals(4, lines.size());
        assertEquals("a ", MAPPER.readTree(lines.get(0)).get("response").asText());
        JsonNode done = MAPPER.readTree(lines.get(3));
        assertTrue(done.get("done").asBoolean());
        assertEquals("stop", done.get("done_reason").asText());
        assertEquals(2, done.get("prompt_eval_count").asInt());
        assertEquals(3, done.get("eval_count").asInt());
        assertTrue(done.get("total_duration").asLong() > 0);
        assertTrue(done.has("load_duration") && done.has("prompt_eval_duration") && done.has("eval_duration"));
    }

    @Test
    void nonStreamingAnswersOneObject() throws Exception {
        HttpResponse<String> r = post(
                "/api/chat",
                "{\"model\":\"tiny:latest\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        JsonNode body = MAPPER.readTree(r.body());
        assertEquals("a b c", body.get("message").get("content").asText());
        assertEquals("assistant", body.get("message").get("role").asText());
        assertTrue(body.get("done").asBoolean());
    }

    @Test
    void routingAndRecording() throws Exception {
        assertEquals(404, post("/api/nothing", "{}").statusCode());
        HttpResponse<String> wrongMethod = http.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/generate"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, wrongMethod.statusCode());
        HttpResponse<String> root = http.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("Ollama is running", root.body());
        post("/api/embed", "{\"model\":\"tiny\",\"input\":\"one\"}");
        assertEquals("one", server.lastRequest("/api/embed").get("input").asText());
        assertEquals(1, server.requestCount("/api/embed"));
        assertFalse(server.requests().isEmpty());
        assertEquals("tiny:latest", OllamaWireServer.canonical("tiny"));
        assertEquals("library/x:7b", OllamaWireServer.canonical("library/x:7b"));
        assertEquals(List.of("Hello ", "big ", "world"), OllamaWireServer.ScriptedEngine.split("Hello big world"));
    }
}
