package io.github.camelllm.routes.openai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.camelllm.support.FloatVectors;

/**
 * The llm-openai-server template loaded the way a user loads it (Camel Main, routes-include-pattern, a templatedRoute in
 * YAML), answering a JDK HttpClient over loopback with the bundled stories260K model.
 */
class OpenAiServerTest {

    static final String ONCE_UPON_A_TIME_32 =
            ", there was a little girl named Lily. She loved to play outside in the park. One day, she saw";
    static final String STORY_COMPLETION = "{\"prompt\":\"Once upon a time\",\"max_tokens\":32,\"temperature\":0%s}";
    static final String CHAT = """
            {"model":"whatever","messages":[{"role":"system","content":"You are a storyteller."},
             {"role":"user","content":"Tell me about a dog."}],"max_tokens":24,"temperature":0%s}""";

    static TestServer server;
    static ProducerTemplate template;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(
                "classpath:camel-llm/openai-server.camel.yaml,classpath:openai-server-test.camel.yaml",
                Map.of(),
                Map.of());
        template = server.context().createProducerTemplate();
    }

    @AfterAll
    static void stop() throws Exception {
        if (template != null) {
            template.close();
        }
        if (server != null) {
            server.close();
        }
    }

    // ---------------------------------------------------------------- health, models, 404

    @Test
    void health() throws Exception {
        HttpResponse<String> r = server.get("/health");
        assertEquals(200, r.statusCode());
        assertEquals("{\"status\":\"ok\"}", r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }

    @Test
    void modelsListsTheServedModel() throws Exception {
        for (String path : List.of("/v1/models", "/models")) {
            HttpResponse<String> r = server.get(path);
            assertEquals(200, r.statusCode());
            JsonNode body = TestServer.json(r.body());
            assertEquals("list", body.path("object").asText());
            assertEquals(1, body.path("data").size());
            assertEquals("stories", body.path("data").path(0).path("id").asText());
            assertEquals("model", body.path("data").path(0).path("object").asText());
        }
        assertEquals(
                "busy",
                TestServer.json(server.get("/busy/v1/models").body())
                        .path("data")
                        .path(0)
                        .path("id")
                        .asText());
    }

    @Test
    void unknownPathsAndMethodsAre404() throws Exception {
        for (HttpResponse<String> r : List.of(
                server.get("/v1/nothing"), server.get("/v1/chat/completions"), server.post("/v2/completions", "{}"))) {
            assertEquals(404, r.statusCode());
            JsonNode error = TestServer.json(r.body()).path("error");
            assertEquals("not_found_error", error.path("type").asText());
            assertEquals(404, error.path("code").asInt());
            assertEquals("File Not Found", error.path("message").asText());
        }
    }

    // ---------------------------------------------------------------- completions

    @Test
    void completion() throws Exception {
        HttpResponse<String> r = server.post("/v1/completions", STORY_COMPLETION.formatted(""));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode body = TestServer.json(r.body());
        assertTrue(body.path("id").asText().startsWith("cmpl-"), body.toString());
        assertEquals("text_completion", body.path("object").asText());
        assertEquals("stories", body.path("model").asText());
        assertTrue(body.path("created").asLong() > 1_700_000_000L);
        JsonNode choice = body.path("choices").path(0);
        assertEquals(ONCE_UPON_A_TIME_32, choice.path("text").asText());
        assertEquals(0, choice.path("index").asInt());
        assertEquals("length", choice.path("finish_reason").asText());
        JsonNode usage = body.path("usage");
        assertEquals(32, usage.path("completion_tokens").asInt());
        assertTrue(usage.path("prompt_tokens").asInt() > 0);
        assertEquals(
                usage.path("prompt_tokens").asInt() + 32,
                usage.path("total_tokens").asInt());
        assertEquals(32, body.path("timings").path("predicted_n").asInt());
    }

    @Test
    void completionStream() throws Exception {
        HttpResponse<InputStream> r =
                server.postStream("/v1/completions", STORY_COMPLETION.formatted(",\"stream\":true"));
        assertEquals(200, r.statusCode());
        assertEquals("text/event-stream", r.headers().firstValue("Content-Type").orElse(""));
        List<String> events;
        try (TestServer.Events sse = new TestServer.Events(r.body())) {
            events = sse.rest();
        }
        assertEquals("[DONE]", events.get(events.size() - 1));
        StringBuilder text = new StringBuilder();
        String id = null;
        for (int i = 0; i < events.size() - 1; i++) {
            JsonNode e = TestServer.json(events.get(i));
            assertEquals("text_completion", e.path("object").asText());
            id = id == null ? e.path("id").asText() : id;
            assertEquals(id, e.path("id").asText(), "one id for the whole stream");
            JsonNode choice = e.path("choices").path(0);
            text.append(choice.path("text").asText());
            boolean last = i == events.size() - 2;
            assertEquals(last, !choice.path("finish_reason").isNull(), events.get(i));
            assertEquals(last, e.has("usage"), events.get(i));
        }
        assertTrue(id.startsWith("cmpl-"));
        assertEquals(ONCE_UPON_A_TIME_32, text.toString());
        JsonNode last = TestServer.json(events.get(events.size() - 2));
        assertEquals(
                "length", last.path("choices").path(0).path("finish_reason").asText());
        assertEquals("", last.path("choices").path(0).path("text").asText());
        assertEquals(32, last.path("usage").path("completion_tokens").asInt());
        assertEquals(32, last.path("timings").path("predicted_n").asInt());
    }

    // ---------------------------------------------------------------- chat

    private String directChat() {
        List<Map<String, String>> messages = List.of(
                Map.of("role", "system", "content", "You are a storyteller."),
                Map.of("role", "user", "content", "Tell me about a dog."));
        return template.requestBody("direct:chat", messages, String.class);
    }

    @Test
    void chatEqualsLlmChat() throws Exception {
        HttpResponse<String> r = server.post("/v1/chat/completions", CHAT.formatted(""));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = TestServer.json(r.body());
        assertTrue(body.path("id").asText().startsWith("chatcmpl-"));
        assertEquals("chat.completion", body.path("object").asText());
        assertEquals("stories", body.path("model").asText());
        JsonNode choice = body.path("choices").path(0);
        assertEquals("assistant", choice.path("message").path("role").asText());
        String expected = directChat();
        assertFalse(expected.isEmpty());
        assertEquals(expected, choice.path("message").path("content").asText());
        assertEquals(24, body.path("usage").path("completion_tokens").asInt());
        assertEquals("length", choice.path("finish_reason").asText());
    }

    @Test
    void chatStreamConcatenatesToTheChatAnswer() throws Exception {
        HttpResponse<InputStream> r = server.postStream("/v1/chat/completions", CHAT.formatted(",\"stream\":true"));
        assertEquals(200, r.statusCode());
        assertEquals("text/event-stream", r.headers().firstValue("Content-Type").orElse(""));
        List<String> events;
        try (TestServer.Events sse = new TestServer.Events(r.body())) {
            events = sse.rest();
        }
        assertEquals("[DONE]", events.get(events.size() - 1));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < events.size() - 2; i++) {
            JsonNode e = TestServer.json(events.get(i));
            assertEquals("chat.completion.chunk", e.path("object").asText());
            JsonNode choice = e.path("choices").path(0);
            assertTrue(choice.path("finish_reason").isNull());
            assertTrue(choice.path("delta").path("content").isTextual(), "no role-only chunk: " + events.get(i));
            assertFalse(e.has("usage"));
            text.append(choice.path("delta").path("content").asText());
        }
        JsonNode last = TestServer.json(events.get(events.size() - 2));
        assertEquals(
                "length", last.path("choices").path(0).path("finish_reason").asText());
        assertTrue(last.path("choices").path(0).path("delta").isEmpty());
        assertEquals(24, last.path("usage").path("completion_tokens").asInt());
        assertTrue(last.path("usage").path("prompt_tokens").asInt() > 0);
        assertEquals(directChat(), text.toString());
    }

    @Test
    void chatWithJsonObjectResponseFormat() throws Exception {
        HttpResponse<String> r = server.post("/v1/chat/completions", """
                {"messages":[{"role":"user","content":"Give me JSON"}],"max_tokens":64,"temperature":0,
                 "response_format":{"type":"json_schema","json_schema":{"name":"n","schema":
                   {"type":"object","properties":{"name":{"type":"string","maxLength":8}},"required":["name"]}}}}""");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode answer = TestServer.json(TestServer.json(r.body())
                .path("choices")
                .path(0)
                .path("message")
                .path("content")
                .asText());
        assertTrue(answer.path("name").isTextual(), answer.toString());
    }

    // ---------------------------------------------------------------- embeddings

    @Test
    void embeddingsFloatAndBase64AreTheSameVectors() throws Exception {
        HttpResponse<String> floats = server.post("/v1/embeddings", "{\"input\":\"Once upon a time\",\"model\":\"x\"}");
        HttpResponse<String> b64 =
                server.post("/v1/embeddings", "{\"input\":\"Once upon a time\",\"encoding_format\":\"base64\"}");
        assertEquals(200, floats.statusCode(), floats.body());
        assertEquals(200, b64.statusCode(), b64.body());
        JsonNode f = TestServer.json(floats.body());
        assertEquals("list", f.path("object").asText());
        assertEquals("stories", f.path("model").asText());
        assertTrue(f.path("usage").path("prompt_tokens").asInt() > 0);
        JsonNode item = f.path("data").path(0);
        assertEquals("embedding", item.path("object").asText());
        assertEquals(0, item.path("index").asInt());
        float[] vector = new float[item.path("embedding").size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = item.path("embedding").path(i).floatValue();
        }
        assertEquals(64, vector.length);
        assertArrayEquals((float[]) template.requestBody("direct:embed", "Once upon a time"), vector);

        JsonNode b = TestServer.json(b64.body()).path("data").path(0);
        assertEquals("base64", b.path("encoding_format").asText());
        assertArrayEquals(vector, FloatVectors.fromBase64(b.path("embedding").asText()));
    }

    @Test
    void embeddingsOfSeveralInputs() throws Exception {
        HttpResponse<String> r = server.post("/v1/embeddings", "{\"input\":[\"Once upon a time\",\"The dog ran\"]}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode data = TestServer.json(r.body()).path("data");
        assertEquals(2, data.size());
        assertEquals(1, data.path(1).path("index").asInt());
        assertEquals(64, data.path(1).path("embedding").size());
        assertFalse(data.path(0).path("embedding").equals(data.path(1).path("embedding")));
    }

    // ---------------------------------------------------------------- errors

    private static void assertError(HttpResponse<String> r, int status, String type, String messagePart)
            throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode error = TestServer.json(r.body()).path("error");
        assertEquals(type, error.path("type").asText(), r.body());
        assertEquals(status, error.path("code").asInt());
        assertTrue(error.path("message").asText().contains(messagePart), r.body());
    }

    @Test
    void badRequestsAre400() throws Exception {
        assertError(server.post("/v1/completions", "{\"prompt\": "), 400, "invalid_request_error", "not valid JSON");
        assertError(server.post("/v1/completions", "[1,2]"), 400, "invalid_request_error", "JSON object");
        assertError(
                server.post("/v1/completions", "{\"max_tokens\":4}"),
                400,
                "invalid_request_error",
                "\"prompt\" is required");
        assertError(
                server.post("/v1/chat/completions", "{\"prompt\":\"hi\"}"),
                400,
                "invalid_request_error",
                "\"messages\" is required");
        assertError(
                server.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}"),
                400,
                "invalid_request_error",
                "robot");
        assertError(
                server.post("/v1/completions", "{\"prompt\":\"hi\",\"temperature\":\"hot\"}"),
                400,
                "invalid_request_error",
                "temperature");
        assertError(
                server.post("/v1/completions", "{\"prompt\":\"hi\",\"temperature\":-1}"),
                400,
                "invalid_request_error",
                "temperature");
        assertError(server.post("/v1/completions", "{\"prompt\":\"hi\",\"n\":2}"), 400, "invalid_request_error", "n=1");
        assertError(server.post("/v1/embeddings", "{\"input\":[1,2]}"), 400, "invalid_request_error", "input[0]");
        assertError(
                server.post("/v1/embeddings", "{\"input\":\"x\",\"encoding_format\":\"int8\"}"),
                400,
                "invalid_request_error",
                "encoding_format");
        // the stream flag is checked before anything is sent, so a bad streamed request is a plain JSON error too
        assertError(
                server.post("/v1/chat/completions", "{\"messages\":[],\"stream\":true}"),
                400,
                "invalid_request_error",
                "messages");
    }

    @Test
    void contextLengthExceededIs400() throws Exception {
        String prompt = "the dog ran to the park and ".repeat(600);
        assertError(
                server.post("/v1/completions", "{\"prompt\":\"" + prompt + "\",\"max_tokens\":8}"),
                400,
                "invalid_request_error",
                "context");
    }

    @Test
    void allSlotsBusyIs503WithRetryAfterAndDisconnectFreesTheSlot() throws Exception {
        // /busy has one slot and queueTimeout 0: while a stream holds the slot, any other request fails at once
        HttpResponse<InputStream> streaming = server.postStream(
                "/busy/v1/completions",
                "{\"prompt\":\"Once upon a time\",\"max_tokens\":1900,\"temperature\":0,\"stream\":true}");
        TestServer.Events sse = new TestServer.Events(streaming.body());
        assertNotNull(sse.next());
        HttpResponse<String> busy = server.post("/busy/v1/completions", "{\"prompt\":\"Once\",\"max_tokens\":4}");
        assertError(busy, 503, "unavailable_error", "");
        assertEquals("1", busy.headers().firstValue("Retry-After").orElse(null));
        // the client goes away: the generation is cancelled and the slot is free again
        sse.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        HttpResponse<String> after;
        do {
            Thread.sleep(20);
            after = server.post(
                    "/busy/v1/completions", "{\"prompt\":\"Once upon a time\",\"max_tokens\":4,\"temperature\":0}");
        } while (after.statusCode() == 503 && System.nanoTime() < deadline);
        assertEquals(200, after.statusCode(), after.body());
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void concurrentRequests() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> completions = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> chats = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            completions.add(server.client.sendAsync(
                    server.request("/v1/completions", STORY_COMPLETION.formatted("")),
                    HttpResponse.BodyHandlers.ofString()));
            chats.add(server.client.sendAsync(
                    server.request("/v1/chat/completions", CHAT.formatted("")), HttpResponse.BodyHandlers.ofString()));
        }
        List<CompletableFuture<HttpResponse<String>>> streams = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            streams.add(server.client.sendAsync(
                    server.request("/v1/completions", STORY_COMPLETION.formatted(",\"stream\":true")),
                    HttpResponse.BodyHandlers.ofString()));
        }
        String expectedChat = directChat();
        for (CompletableFuture<HttpResponse<String>> f : streams) {
            HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            StringBuilder text = new StringBuilder();
            try (TestServer.Events sse = new TestServer.Events(
                    new java.io.ByteArrayInputStream(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)))) {
                for (String e : sse.rest()) {
                    if (!e.equals("[DONE]")) {
                        text.append(TestServer.json(e)
                                .path("choices")
                                .path(0)
                                .path("text")
                                .asText());
                    }
                }
            }
            assertEquals(ONCE_UPON_A_TIME_32, text.toString());
        }
        for (CompletableFuture<HttpResponse<String>> f : completions) {
            HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(
                    ONCE_UPON_A_TIME_32,
                    TestServer.json(r.body())
                            .path("choices")
                            .path(0)
                            .path("text")
                            .asText());
        }
        for (CompletableFuture<HttpResponse<String>> f : chats) {
            HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(
                    expectedChat,
                    TestServer.json(r.body())
                            .path("choices")
                            .path(0)
                            .path("message")
                            .path("content")
                            .asText());
        }
    }

    // ---------------------------------------------------------------- camel-llm's own openai backend as the client

    @Test
    void llmComponentOpenAiBackendTalksToTheServer() throws Exception {
        String base = "http://127.0.0.1:" + server.port + "/v1";
        server.context().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:viaOpenAi")
                        .to("llm:chat?backend=openai&baseUrl=" + base + "&model=stories&maxTokens=24&temperature=0");
                from("direct:viaOpenAiCall")
                        .to("llm:call?backend=openai&baseUrl=" + base + "&model=stories&maxTokens=32&temperature=0");
                from("direct:viaOpenAiEmbed").to("llm:embed?backend=openai&baseUrl=" + base + "&model=stories");
            }
        });
        List<Map<String, String>> messages = List.of(
                Map.of("role", "system", "content", "You are a storyteller."),
                Map.of("role", "user", "content", "Tell me about a dog."));
        assertEquals(directChat(), template.requestBody("direct:viaOpenAi", messages, String.class));
        assertEquals(
                ONCE_UPON_A_TIME_32, template.requestBody("direct:viaOpenAiCall", "Once upon a time", String.class));
        assertArrayEquals((float[]) template.requestBody("direct:embed", "Once upon a time"), (float[])
                template.requestBody("direct:viaOpenAiEmbed", "Once upon a time"));
    }
}
