package io.github.camelllm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.camelllm.component.LlmConstants;
import io.github.camelllm.spi.LlmCallInfo;
import io.github.camelllm.spi.LlmObserver;
import io.github.camelllm.spi.LlmOutputValidationException;
import io.github.camelllm.spi.LlmTimeoutException;

/** The response cache in front of the real bundled model (llama.cpp in this JVM). */
class LlmResponseCacheLocalTest {

    private static final List<String> ANSWER_HEADERS = List.of(
            LlmConstants.INPUT_TOKENS,
            LlmConstants.OUTPUT_TOKENS,
            LlmConstants.FINISH_REASON,
            LlmConstants.MODEL,
            LlmConstants.BACKEND,
            LlmConstants.TIME_TO_FIRST_TOKEN_MS,
            LlmConstants.GENERATION_MS,
            LlmConstants.TOKENS_PER_SECOND);

    static YamlRouteTestSupport routes;
    static final List<LlmCallInfo> generations = new CopyOnWriteArrayList<>();
    static final List<LlmCallInfo> hits = new CopyOnWriteArrayList<>();
    static final List<LlmCallInfo> embeddings = new CopyOnWriteArrayList<>();

    /** Counts what the model really did; bound in the registry before the routes start. */
    public static final class Counter implements LlmObserver {
        @Override
        public void onGeneration(LlmCallInfo info) {
            generations.add(info);
        }

        @Override
        public void onEmbedding(LlmCallInfo info) {
            embeddings.add(info);
        }

        @Override
        public void onCacheHit(LlmCallInfo info) {
            hits.add(info);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        routes = YamlRouteTestSupport.start("""
                - beans:
                    - name: counter
                      type: io.github.camelllm.llamacpp.LlmResponseCacheLocalTest$Counter
                - route:
                    from:
                      uri: "direct:seeded"
                      steps:
                        - to: { uri: "llm:call", parameters: { maxTokens: 24, temperature: 0.9, seed: 42, cacheEnabled: true } }
                - route:
                    from:
                      uri: "direct:chat"
                      steps:
                        - to: { uri: "llm:chat", parameters: { maxTokens: 12, temperature: 0, chatTemplate: chatml, cacheEnabled: true } }
                - route:
                    from:
                      uri: "direct:embed"
                      steps:
                        - to: { uri: "llm:embed", parameters: { cacheEnabled: true } }
                """);
    }

    @AfterAll
    static void stop() throws Exception {
        routes.close();
    }

    /** The routes, and so the cache, are shared by the tests: each test uses prompts of its own. */
    @BeforeEach
    void reset() {
        generations.clear();
        hits.clear();
        embeddings.clear();
    }

    private Exchange send(String uri, Object body, Map<String, Object> headers) {
        return routes.template.request(uri, e -> {
            e.getMessage().setBody(body);
            headers.forEach(e.getMessage()::setHeader);
        });
    }

    private static Boolean hit(Exchange ex) {
        assertNull(ex.getException(), () -> "exchange failed: " + ex.getException());
        return ex.getMessage().getHeader(LlmConstants.CACHE_HIT, Boolean.class);
    }

    @Test
    void aSeededSampledAnswerIsReplayedFromTheCacheWithIdenticalBodyAndHeaders() {
        Exchange first = send("direct:seeded", "Once upon a time", Map.of());
        assertEquals(Boolean.FALSE, hit(first));
        Exchange second = send("direct:seeded", "Once upon a time", Map.of());
        assertEquals(Boolean.TRUE, hit(second));
        assertEquals(
                first.getMessage().getBody(String.class), second.getMessage().getBody(String.class));
        for (String header : ANSWER_HEADERS) {
            assertEquals(
                    first.getMessage().getHeader(header), second.getMessage().getHeader(header), header);
        }
        assertEquals(24, second.getMessage().getHeader(LlmConstants.OUTPUT_TOKENS));
        assertEquals("local", second.getMessage().getHeader(LlmConstants.BACKEND));
        assertEquals(1, generations.size(), "the model ran once");
        assertEquals(1, hits.size());

        // with the same seed the model itself reproduces the answer: the cache returns what it would have generated
        Exchange fresh = send("direct:seeded", "Once upon a time", Map.of(LlmConstants.CACHE_BYPASS, true));
        assertEquals(Boolean.FALSE, hit(fresh));
        assertEquals(
                first.getMessage().getBody(String.class), fresh.getMessage().getBody(String.class));
        assertEquals(2, generations.size());
    }

    @Test
    void anotherSeedOrPromptIsGeneratedByTheModel() {
        hit(send("direct:seeded", "The little dog", Map.of()));
        Exchange otherSeed = send("direct:seeded", "The little dog", Map.of(LlmConstants.SEED, 7));
        Exchange otherPrompt = send("direct:seeded", "The little dog ran", Map.of());
        assertEquals(Boolean.FALSE, hit(otherSeed));
        assertEquals(Boolean.FALSE, hit(otherPrompt));
        assertEquals(Boolean.TRUE, hit(send("direct:seeded", "The little dog", Map.of(LlmConstants.SEED, 7))));
        assertEquals(3, generations.size());
    }

    @Test
    void timeoutsAndInvalidOutputAreNeverCached() {
        Exchange timedOut =
                send("direct:seeded", "Timeout story", Map.of(LlmConstants.TIMEOUT, 1, LlmConstants.MAX_TOKENS, 64));
        assertInstanceOf(LlmTimeoutException.class, timedOut.getException());
        // the timeout is not part of the key: the same request without it is this key's first answer
        Exchange completed = send("direct:seeded", "Timeout story", Map.of(LlmConstants.MAX_TOKENS, 64));
        assertEquals(Boolean.FALSE, hit(completed));
        assertEquals(Boolean.TRUE, hit(send("direct:seeded", "Timeout story", Map.of(LlmConstants.MAX_TOKENS, 64))));

        String schema =
                "{\"type\":\"object\",\"properties\":{\"story\":{\"type\":\"string\"}},\"required\":[\"story\"]}";
        Map<String, Object> cut = Map.of(LlmConstants.JSON_SCHEMA, schema, LlmConstants.MAX_TOKENS, 6);
        generations.clear();
        int hitsBefore = hits.size();
        for (int i = 0; i < 2; i++) {
            Exchange invalid = send("direct:seeded", "Once upon a time", cut);
            assertInstanceOf(LlmOutputValidationException.class, invalid.getException());
        }
        assertEquals(2, generations.size(), "output cut short is generated again, not served from the cache");
        assertEquals(hitsBefore, hits.size(), "a failed answer is never a hit");
    }

    @Test
    void chatAndEmbeddingsOfTheRealModelAreCached() {
        String conversation = "[{\"role\":\"user\",\"content\":\"Tell me a story\"}]";
        Exchange chat = send("direct:chat", conversation, Map.of());
        Exchange chatAgain = send("direct:chat", conversation, Map.of());
        assertEquals(Boolean.FALSE, hit(chat));
        assertEquals(Boolean.TRUE, hit(chatAgain));
        assertEquals(
                chat.getMessage().getBody(String.class), chatAgain.getMessage().getBody(String.class));
        assertEquals(
                chat.getMessage().getHeader(LlmConstants.INPUT_TOKENS),
                chatAgain.getMessage().getHeader(LlmConstants.INPUT_TOKENS));
        assertEquals(
                Boolean.FALSE,
                hit(send("direct:chat", conversation, Map.of(LlmConstants.SYSTEM_MESSAGE, "Be short."))));
        assertEquals(2, generations.size());

        Exchange embed = send("direct:embed", List.of("a cat", "a dog"), Map.of());
        Exchange embedAgain = send("direct:embed", List.of("a cat", "a dog"), Map.of());
        assertEquals(Boolean.FALSE, hit(embed));
        assertEquals(Boolean.TRUE, hit(embedAgain));
        List<?> vectors = embed.getMessage().getBody(List.class);
        List<?> cached = embedAgain.getMessage().getBody(List.class);
        assertEquals(2, cached.size());
        assertArrayEquals((float[]) vectors.get(0), (float[]) cached.get(0));
        assertArrayEquals((float[]) vectors.get(1), (float[]) cached.get(1));
        assertNotEquals(((float[]) cached.get(0))[0], ((float[]) cached.get(1))[0], "two inputs, two vectors");
        assertEquals(64, embedAgain.getMessage().getHeader(LlmConstants.EMBEDDING_DIMENSION));
        assertEquals(1, embeddings.size(), "the model embedded once");
    }
}
