package io.github.camelllm.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.github.camelllm.component.LlmConstants;
import io.github.camelllm.spi.LlmChunk;
import io.github.camelllm.spi.LlmException;
import io.github.camelllm.spi.LlmInvalidRequestException;

/**
 * The contract every backend honours: the same routes, body shapes, result types, headers and errors, whichever
 * backend answers. Subclasses only say how to reach their backend; the test methods are the same for all. Every
 * backend ends up on the same bundled model (in-process, or behind a server on loopback), so the greedy texts must be
 * identical to the in-process reference.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BackendContract {

    static final String ONCE_UPON_A_TIME_32 =
            ", there was a little girl named Lily. She loved to play outside in the park. One day, she saw";

    Routes routes;

    /** Value of the CamelLlmBackend header this backend reports. */
    abstract String backendName();

    /** YAML endpoint parameters (indented flow-map entries) that select and reach the backend. */
    abstract String backendParameters();

    /** Extra parameters of the chat endpoint (the local backend needs chatTemplate: the demo model has none). */
    String chatParameters() {
        return "";
    }

    /** Starts whatever server the backend talks to. */
    void startServer() throws Exception {}

    void stopServer() throws Exception {}

    @BeforeAll
    void start() throws Exception {
        startServer();
        String p = backendParameters();
        routes = Routes.start("""
                - route:
                    from:
                      uri: "direct:call"
                      steps:
                        - to: { uri: "llm:call", parameters: { %1$s, maxTokens: 32, temperature: 0 } }
                - route:
                    from:
                      uri: "direct:chat"
                      steps:
                        - to: { uri: "llm:chat", parameters: { %1$s, maxTokens: 24, temperature: 0 %2$s } }
                - route:
                    from:
                      uri: "direct:embed"
                      steps:
                        - to: { uri: "llm:embed", parameters: { %1$s } }
                - route:
                    from:
                      uri: "direct:stream"
                      steps:
                        - to: { uri: "llm:stream", parameters: { %1$s, maxTokens: 32, temperature: 0 } }
                        - split:
                            simple: "${body}"
                            streaming: true
                            steps:
                              - to: "mock:chunks"
                """.formatted(p, chatParameters()));
    }

    @AfterAll
    void stop() throws Exception {
        if (routes != null) {
            routes.close();
        }
        stopServer();
    }

    @BeforeEach
    void resetMocks() {
        MockEndpoint.resetMocks(routes.context);
    }

    Exchange send(String uri, Object body, Map<String, Object> headers) {
        return routes.template.request(uri, e -> {
            e.getMessage().setBody(body);
            headers.forEach(e.getMessage()::setHeader);
        });
    }

    @Test
    void callReturnsTheGreedyContinuationWithUsageHeaders() {
        Exchange ex = send("direct:call", "Once upon a time", Map.of());
        assertNull(ex.getException());
        assertEquals(ONCE_UPON_A_TIME_32, ex.getMessage().getBody(String.class));
        assertEquals(5, ex.getMessage().getHeader(LlmConstants.INPUT_TOKENS, Integer.class), "prompt tokens incl. BOS");
        assertEquals(32, ex.getMessage().getHeader(LlmConstants.OUTPUT_TOKENS, Integer.class));
        assertEquals("length", ex.getMessage().getHeader(LlmConstants.FINISH_REASON));
        assertEquals(backendName(), ex.getMessage().getHeader(LlmConstants.BACKEND));
        assertNotNull(ex.getMessage().getHeader(LlmConstants.MODEL));
        assertTrue(ex.getMessage().getHeader(LlmConstants.GENERATION_MS, Long.class) >= 0);
        assertNotNull(ex.getMessage().getHeader(LlmConstants.TIME_TO_FIRST_TOKEN_MS));
    }

    @Test
    void headersOverrideOptionsAndStopStringsEndTheText() {
        Exchange ex =
                send("direct:call", "Once upon a time", Map.of(LlmConstants.STOP, "Lily", LlmConstants.MAX_TOKENS, 20));
        assertNull(ex.getException());
        assertEquals(", there was a little girl named ", ex.getMessage().getBody(String.class));
        assertEquals("stop", ex.getMessage().getHeader(LlmConstants.FINISH_REASON));
        Exchange shorter = send("direct:call", "Once upon a time", Map.of(LlmConstants.MAX_TOKENS, 8));
        assertEquals(8, shorter.getMessage().getHeader(LlmConstants.OUTPUT_TOKENS, Integer.class));
        assertTrue(ONCE_UPON_A_TIME_32.startsWith(shorter.getMessage().getBody(String.class)));
    }

    @Test
    void chatAnswersTheSameWhateverTheBodyShape() {
        String reference = Reference.chat();
        List<Map<String, String>> messages = List.of(Map.of("role", "user", "content", "Tell me a story"));
        Exchange list = send("direct:chat", messages, Map.of());
        assertNull(list.getException());
        assertEquals(reference, list.getMessage().getBody(String.class));
        assertEquals(
                reference,
                send("direct:chat", "Tell me a story", Map.of()).getMessage().getBody(String.class));
        assertEquals(
                reference,
                send("direct:chat", "[{\"role\":\"user\",\"content\":\"Tell me a story\"}]", Map.of())
                        .getMessage()
                        .getBody(String.class));
        assertEquals(24, list.getMessage().getHeader(LlmConstants.OUTPUT_TOKENS, Integer.class));
    }

    @Test
    void embedGivesUnitVectorsInInputOrder() {
        float[] a = send("direct:embed", "Lily went to the park.", Map.of())
                .getMessage()
                .getBody(float[].class);
        float[] b = send("direct:embed", "The big red truck was loud.", Map.of())
                .getMessage()
                .getBody(float[].class);
        assertEquals(64, a.length);
        double norm = 0;
        for (float x : a) {
            norm += x * x;
        }
        assertEquals(1.0, Math.sqrt(norm), 1e-4);
        assertArrayEquals(Reference.embedding("Lily went to the park."), a, 1e-5f);
        Exchange both =
                send("direct:embed", List.of("Lily went to the park.", "The big red truck was loud."), Map.of());
        @SuppressWarnings("unchecked")
        List<float[]> vectors = (List<float[]>) both.getMessage().getBody();
        assertEquals(2, vectors.size());
        assertArrayEquals(a, vectors.get(0), 1e-5f);
        assertArrayEquals(b, vectors.get(1), 1e-5f);
        assertEquals(64, both.getMessage().getHeader(LlmConstants.EMBEDDING_DIMENSION));
        assertEquals(2, both.getMessage().getHeader(LlmConstants.EMBEDDING_COUNT));
        assertEquals(backendName(), both.getMessage().getHeader(LlmConstants.BACKEND));
    }

    @Test
    void streamingSplitChunksAddUpToTheCallText() {
        Exchange ex = send("direct:stream", "Once upon a time", Map.of());
        assertNull(ex.getException());
        List<LlmChunk> chunks = new ArrayList<>();
        routes.context
                .getEndpoint("mock:chunks", MockEndpoint.class)
                .getReceivedExchanges()
                .forEach(e -> chunks.add(e.getMessage().getBody(LlmChunk.class)));
        assertTrue(chunks.size() >= 2, chunks.size() + " chunks");
        assertEquals(ONCE_UPON_A_TIME_32, chunks.stream().map(LlmChunk::getText).collect(Collectors.joining()));
        LlmChunk last = chunks.get(chunks.size() - 1);
        assertTrue(last.isLast());
        assertEquals("length", last.getFinishReason());
        assertEquals(32, last.getOutputTokens());
        assertEquals(5, last.getInputTokens());
    }

    @Test
    void badInputsFailTheSameWay() {
        assertTrue(assertInstanceOf(
                        LlmInvalidRequestException.class,
                        send("direct:call", "  ", Map.of()).getException())
                .getMessage()
                .contains("body is blank"));
        assertTrue(assertInstanceOf(
                        LlmInvalidRequestException.class,
                        send("direct:chat", "[{\"role\":", Map.of()).getException())
                .getMessage()
                .contains("malformed messages JSON"));
        assertTrue(assertInstanceOf(
                        LlmInvalidRequestException.class,
                        send("direct:embed", List.of(), Map.of()).getException())
                .getMessage()
                .contains("empty list"));
        assertTrue(assertInstanceOf(
                        LlmInvalidRequestException.class,
                        send("direct:call", "hi", Map.of(LlmConstants.TEMPERATURE, -1))
                                .getException())
                .getMessage()
                .contains("temperature"));
    }

    @Test
    void aPromptLongerThanTheContextFailsNamingBothSizes() {
        String longPrompt = "Once upon a time there was a little girl. ".repeat(400);
        Exception e = send("direct:call", longPrompt, Map.of()).getException();
        LlmException error = assertInstanceOf(LlmException.class, e);
        assertTrue(
                error.getMessage().contains("prompt has") && error.getMessage().contains("context is"),
                error.getMessage());
    }
}
