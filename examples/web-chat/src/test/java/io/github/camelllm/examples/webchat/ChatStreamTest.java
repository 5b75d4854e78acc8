package io.github.camelllm.examples.webchat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import io.github.camelllm.spi.LlmCallInfo;

/** GET /chat/stream read with a plain HTTP client, against the routes of camel/chat.yaml on the bundled model. */
@QuarkusTest
class ChatStreamTest {

    private static final String PROMPT = "Tell me a story about a cat.";

    @TestHTTPResource("/")
    URI root;

    @Inject
    RecordingObserver observer;

    private URI uri(String path, String prompt, Integer maxTokens) {
        String query = prompt == null ? "" : "prompt=" + URLEncoder.encode(prompt, StandardCharsets.UTF_8);
        if (maxTokens != null) {
            query += (query.isEmpty() ? "" : "&") + "maxTokens=" + maxTokens;
        }
        return root.resolve(path + (query.isEmpty() ? "" : "?" + query));
    }

    private static List<SseStream.Event> named(List<SseStream.Event> events, String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    @Test
    void tokensArriveAsTheyAreGeneratedAndAddUpToTheNonStreamedAnswer() throws Exception {
        SseStream.Json expected = SseStream.getJson(uri("chat", PROMPT, 200));
        assertEquals(200, expected.status(), expected.body().toString());
        String expectedText = expected.body().get("text").asText();
        assertFalse(expectedText.isBlank());

        List<SseStream.Event> events;
        try (SseStream stream = SseStream.open(uri("chat/stream", PROMPT, 200))) {
            assertEquals(200, stream.status());
            assertTrue(stream.contentType().startsWith("text/event-stream"), stream.contentType());
            events = stream.readAll();
        }

        List<SseStream.Event> tokens = named(events, "token");
        assertTrue(tokens.size() > 10, "one event per chunk, got " + tokens.size() + " token events");
        assertTrue(named(events, "error").isEmpty(), events.toString());
        StringBuilder text = new StringBuilder();
        int previousIndex = -1;
        for (SseStream.Event token : tokens) {
            JsonNode json = token.json();
            assertTrue(json.get("index").asInt() > previousIndex, "indexes increase: " + tokens);
            previousIndex = json.get("index").asInt();
            assertFalse(json.get("text").asText().isEmpty(), "no empty token events");
            text.append(json.get("text").asText());
        }
        assertEquals(expectedText, text.toString(), "the streamed tokens add up to GET /chat's answer (temperature 0)");

        SseStream.Event done = events.get(events.size() - 1);
        assertEquals("done", done.name(), "the last event is done: " + events);
        assertEquals(1, named(events, "done").size());
        JsonNode counts = done.json();
        assertEquals(
                expected.body().get("finishReason").asText(),
                counts.get("finishReason").asText());
        assertEquals(
                expected.body().get("outputTokens").asInt(),
                counts.get("outputTokens").asInt());
        assertEquals(
                expected.body().get("inputTokens").asInt(),
                counts.get("inputTokens").asInt());
        assertTrue(counts.get("outputTokens").asInt() >= tokens.size(), counts.toString());
        assertEquals(tokens.size(), counts.get("tokenEvents").asInt());
        assertEquals("stories260K", counts.get("model").asText());

        // streamed, not buffered: the first token reached the client well before the end of the generation
        long generationAfterFirstTokenMs = counts.get("generationMs").asLong()
                - counts.get("timeToFirstTokenMs").asLong();
        long firstTokenToDoneMs = (done.arrivedNanos() - tokens.get(0).arrivedNanos()) / 1_000_000;
        assertTrue(generationAfterFirstTokenMs > 50, "a long enough generation to tell: " + counts);
        assertTrue(
                firstTokenToDoneMs >= generationAfterFirstTokenMs / 3,
                "the first token arrived " + firstTokenToDoneMs + " ms before done, while the model generated for "
                        + generationAfterFirstTokenMs + " ms after it");
    }

    @Test
    void doneCarriesTheFinishReasonAndTokenCounts() throws Exception {
        List<SseStream.Event> events;
        try (SseStream stream = SseStream.open(uri("chat/stream", "Once upon a time", 7))) {
            events = stream.readAll();
        }
        JsonNode done = named(events, "done").get(0).json();
        assertEquals("length", done.get("finishReason").asText());
        assertEquals(7, done.get("outputTokens").asInt());
        assertTrue(done.get("inputTokens").asInt() > 0, done.toString());
        assertTrue(
                done.get("tokenEvents").asInt() > 1 && done.get("tokenEvents").asInt() <= 7, done.toString());
        assertTrue(done.get("timeToFirstTokenMs").asLong() >= 0, done.toString());
    }

    @Test
    void anEmptyPromptIsABadRequestWithAnErrorEvent() throws Exception {
        assertBadRequest(uri("chat/stream", "   ", null), "the prompt is empty: type a message");
        assertBadRequest(uri("chat/stream", null, null), "the prompt is empty: type a message");
        assertBadRequest(uri("chat/stream", PROMPT, 0), "maxTokens must be between 1 and 4096, got 0");
        assertBadRequest(
                root.resolve("chat/stream?prompt=hi&maxTokens=many"), "maxTokens must be a whole number, got 'many'");

        SseStream.Json json = SseStream.getJson(uri("chat", "", null));
        assertEquals(400, json.status());
        assertEquals(
                "the prompt is empty: type a message",
                json.body().get("message").asText());
    }

    private static void assertBadRequest(URI uri, String message) throws Exception {
        try (SseStream stream = SseStream.open(uri)) {
            assertEquals(400, stream.status(), uri.toString());
            assertTrue(stream.contentType().startsWith("text/event-stream"), stream.contentType());
            List<SseStream.Event> events = stream.readAll();
            assertEquals(1, events.size(), events.toString());
            assertEquals("error", events.get(0).name());
            assertEquals(message, events.get(0).json().get("message").asText());
        }
    }

    @Test
    void aPromptLongerThanTheContextEndsWithAnErrorEvent() throws Exception {
        // random letters and digits: about one token per character for this model's 512-token vocabulary
        Random random = new Random(42);
        StringBuilder prompt = new StringBuilder();
        while (prompt.length() < 3000) {
            prompt.append((char) (random.nextBoolean() ? 'a' + random.nextInt(26) : '0' + random.nextInt(10)));
        }
        List<SseStream.Event> events;
        try (SseStream stream = SseStream.open(uri("chat/stream", prompt.toString(), null))) {
            assertEquals(200, stream.status());
            events = stream.readAll();
        }
        assertEquals(1, events.size(), events.toString());
        assertEquals("error", events.get(0).name());
        JsonNode error = events.get(0).json();
        assertEquals("LlmContextLengthExceededException", error.get("type").asText());
        assertTrue(
                error.get("message").asText().matches("prompt has \\d+ tokens, context is \\d+.*"), error.toString());

        SseStream.Json json = SseStream.getJson(uri("chat", prompt.toString(), null));
        assertEquals(400, json.status());
        assertEquals(error.get("message").asText(), json.body().get("message").asText());
    }

    @Test
    void disconnectingCancelsTheGeneration() throws Exception {
        observer.clear();
        long start = System.nanoTime();
        try (SseStream stream = SseStream.open(uri("chat/stream", "Once upon a time", 2000))) {
            for (int i = 0; i < 3; i++) {
                SseStream.Event event = stream.next();
                assertNotNull(event);
                assertEquals("token", event.name());
            }
        } // closes the connection after 3 of up to 2000 tokens

        LlmCallInfo generation = observer.awaitStream(Duration.ofSeconds(20));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(generation.failed(), "the generation was stopped, not completed: " + generation);
        assertNull(generation.finishReason(), generation.toString());
        // 2000 tokens take this model about 40 s on 2 cores (measured); the cancelled generation ended at once
        assertTrue(elapsedMs < 5000, "cancelled after " + elapsedMs + " ms: " + generation);

        // the slots are free again: two answers at the same time (parallel = 2)
        try (SseStream first = SseStream.open(uri("chat/stream", PROMPT, 16));
                SseStream second = SseStream.open(uri("chat/stream", PROMPT, 16))) {
            assertEquals("done", last(first.readAll()).name());
            assertEquals("done", last(second.readAll()).name());
        }
    }

    private static SseStream.Event last(List<SseStream.Event> events) {
        return events.get(events.size() - 1);
    }
}
