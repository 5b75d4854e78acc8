package io.github.camelllm.component;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.camelllm.cache.LlmCachedResponseCodec;
import io.github.camelllm.spi.LlmCachedResponse;
import io.github.camelllm.spi.LlmCallInfo;
import io.github.camelllm.spi.LlmHttpException;
import io.github.camelllm.spi.LlmObserver;
import io.github.camelllm.spi.LlmResponseCache;
import io.github.camelllm.testing.Fixtures;
import io.github.camelllm.testing.LoopbackServer;

/**
 * The response cache (cacheEnabled) in front of an OpenAI-compatible server that replays llama-server captures: the
 * server's request counts show whether the model was asked again.
 */
class LlmResponseCacheTest {

    private static final List<String> ANSWER_HEADERS = List.of(
            LlmConstants.INPUT_TOKENS,
            LlmConstants.OUTPUT_TOKENS,
            LlmConstants.FINISH_REASON,
            LlmConstants.MODEL,
            LlmConstants.BACKEND,
            LlmConstants.TIME_TO_FIRST_TOKEN_MS,
            LlmConstants.GENERATION_MS,
            LlmConstants.TOKENS_PER_SECOND);

    private LoopbackServer server;
    private final List<CamelContext> contexts = new ArrayList<>();
    private CamelContext context;
    private ProducerTemplate template;
    private volatile int failuresLeft;

    @BeforeEach
    void start() {
        server = new LoopbackServer()
                .on("/v1/completions", (ex, r, n) -> {
                    if (failuresLeft > 0) {
                        failuresLeft--;
                        Fixtures.serveError(ex, "default_missing_prompt.json");
                    } else {
                        Fixtures.serve(ex, 200, "default_v1_completions_stream.sse", "default_v1_chat_stream.headers");
                    }
                })
                .on(
                        "/v1/chat/completions",
                        (ex, r, n) ->
                                Fixtures.serve(ex, 200, "default_v1_chat_stream.sse", "default_v1_chat_stream.headers"))
                .on(
                        "/v1/embeddings",
                        (ex, r, n) -> Fixtures.serve(
                                ex, 200, "embeddings_mean_v1_embeddings.json", "default_v1_chat.headers"));
        context = newContext();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        contexts.forEach(CamelContext::stop);
        server.close();
    }

    private CamelContext newContext() {
        CamelContext c = new DefaultCamelContext();
        contexts.add(c);
        return c;
    }

    private Map<String, Object> params(Object... extra) {
        Map<String, Object> p = new LinkedHashMap<>(Map.of(
                "backend",
                "openai",
                "baseUrl",
                server.baseUrl(),
                "maxRetries",
                0,
                "requestTimeout",
                5000,
                "model",
                "stories260K",
                "cacheEnabled",
                true));
        for (int i = 0; i < extra.length; i += 2) {
            p.put((String) extra[i], extra[i + 1]);
        }
        return p;
    }

    private void routes(CamelContext c, String yaml) throws Exception {
        Fixtures.load(c, yaml);
        c.start();
    }

    private Exchange send(String uri, Object body, Object... headers) {
        return template.request(uri, e -> {
            e.getMessage().setBody(body);
            for (int i = 0; i < headers.length; i += 2) {
                e.getMessage().setHeader((String) headers[i], headers[i + 1]);
            }
        });
    }

    private static Exchange ok(Exchange ex) {
        assertNull(ex.getException(), () -> "exchange failed: " + ex.getException());
        return ex;
    }

    private static Boolean hit(Exchange ex) {
        return ex.getMessage().getHeader(LlmConstants.CACHE_HIT, Boolean.class);
    }

    @Test
    void aRepeatedCallIsAnsweredFromTheCacheWithTheSameBodyAndHeaders() throws Exception {
        routes(context, Fixtures.route("call", "direct:call", "call", params()));
        Exchange first = ok(send("direct:call", "Once upon a time"));
        assertEquals(Boolean.FALSE, hit(first));
        assertEquals(1, server.count("/v1/completions"));

        Exchange second = ok(send("direct:call", "Once upon a time"));
        assertEquals(Boolean.TRUE, hit(second));
        assertEquals(1, server.count("/v1/completions"), "the model was not asked again");
        assertEquals(", there was a little girl", second.getMessage().getBody(String.class));
        assertEquals(
                first.getMessage().getBody(String.class), second.getMessage().getBody(String.class));
        for (String header : ANSWER_HEADERS) {
            assertEquals(
                    first.getMessage().getHeader(header), second.getMessage().getHeader(header), header);
        }
        assertEquals(5, second.getMessage().getHeader(LlmConstants.INPUT_TOKENS));
        assertEquals(8, second.getMessage().getHeader(LlmConstants.OUTPUT_TOKENS));
    }

    @Test
    void aChangedPromptOrParameterIsAMiss() throws Exception {
        routes(context, Fixtures.route("call", "direct:call", "call", params()));
        List<Object[]> variants = List.of(
                new Object[] {"Once upon a time"},
                new Object[] {"Once upon a time, long ago"},
                new Object[] {"Once upon a time", LlmConstants.TEMPERATURE, 0.5f},
                new Object[] {"Once upon a time", LlmConstants.SEED, 42},
                new Object[] {"Once upon a time", LlmConstants.SEED, 43},
                new Object[] {"Once upon a time", LlmConstants.MAX_TOKENS, 16},
                new Object[] {"Once upon a time", LlmConstants.TOP_K, 10},
                new Object[] {"Once upon a time", LlmConstants.STOP, "END"},
                new Object[] {"Once upon a time", LlmConstants.GRAMMAR, "root ::= \"yes\" | \"no\""});
        for (int i = 0; i < variants.size(); i++) {
            Object[] v = variants.get(i);
            Exchange ex = ok(send("direct:call", v[0], Arrays.copyOfRange(v, 1, v.length)));
            assertEquals(Boolean.FALSE, hit(ex), "variant " + i + " is new");
            assertEquals(i + 1, server.count("/v1/completions"));
        }
        for (int i = 0; i < variants.size(); i++) {
            Object[] v = variants.get(i);
            assertEquals(
                    Boolean.TRUE,
                    hit(ok(send("direct:call", v[0], Arrays.copyOfRange(v, 1, v.length)))),
                    "variant " + i + " again");
        }
        assertEquals(variants.size(), server.count("/v1/completions"));
    }

    @Test
    void chatAndEmbedAreCachedToo() throws Exception {
        routes(
                context,
                Fixtures.route("chat", "direct:chat", "chat", params())
                        + Fixtures.route("embed", "direct:embed", "embed", params()));
        String conversation = "[{\"role\":\"user\",\"content\":\"Hello\"}]";
        Exchange chat = ok(send("direct:chat", conversation));
        Exchange again = ok(send("direct:chat", conversation));
        assertEquals(Boolean.TRUE, hit(again));
        assertEquals(chat.getMessage().getBody(String.class), again.getMessage().getBody(String.class));
        assertEquals(56, again.getMessage().getHeader(LlmConstants.INPUT_TOKENS));
        assertEquals(16, again.getMessage().getHeader(LlmConstants.OUTPUT_TOKENS));
        assertEquals(1, server.count("/v1/chat/completions"));
        assertEquals(
                Boolean.FALSE,
                hit(ok(send("direct:chat", conversation, LlmConstants.SYSTEM_MESSAGE, "Be brief."))),
                "a system message is part of the conversation");
        assertEquals(2, server.count("/v1/chat/completions"));

        Exchange embed = ok(send("direct:embed", List.of("hello world")));
        Exchange embedAgain = ok(send("direct:embed", List.of("hello world")));
        assertEquals(Boolean.FALSE, hit(embed));
        assertEquals(Boolean.TRUE, hit(embedAgain));
        assertEquals(1, server.count("/v1/embeddings"));
        float[] fresh = embed.getMessage().getBody(List.class).get(0) instanceof float[] f ? f : null;
        float[] cached = (float[]) embedAgain.getMessage().getBody(List.class).get(0);
        assertArrayEquals(fresh, cached);
        for (String header : List.of(
                LlmConstants.EMBEDDING_DIMENSION,
                LlmConstants.EMBEDDING_COUNT,
                LlmConstants.INPUT_TOKENS,
                LlmConstants.MODEL,
                LlmConstants.BACKEND,
                LlmConstants.GENERATION_MS)) {
            assertEquals(
                    embed.getMessage().getHeader(header),
                    embedAgain.getMessage().getHeader(header),
                    header);
        }
        // a route that changes the vector it got does not change the cache
        cached[0] = 42f;
        Exchange single = ok(send("direct:embed", "hello world"));
        assertEquals(Boolean.TRUE, hit(single), "one string and a list of that string are the same request");
        assertArrayEquals(fresh, single.getMessage().getBody(float[].class));
        assertEquals(Boolean.FALSE, hit(ok(send("direct:embed", "hello world", LlmConstants.NORMALIZE, false))));
    }

    @Test
    void failedCallsAreNotCached() throws Exception {
        routes(context, Fixtures.route("call", "direct:call", "call", params()));
        failuresLeft = 1;
        Exchange failed = send("direct:call", "Once upon a time");
        Fixtures.failure(failed, LlmHttpException.class);
        Exchange retried = ok(send("direct:call", "Once upon a time"));
        assertEquals(Boolean.FALSE, hit(retried), "the failure was not stored");
        assertEquals(2, server.count("/v1/completions"));
        assertEquals(Boolean.TRUE, hit(ok(send("direct:call", "Once upon a time"))));
        assertEquals(2, server.count("/v1/completions"));
    }

    @Test
    void theBypassHeaderNeitherReadsNorWritesTheCache() throws Exception {
        routes(context, Fixtures.route("call", "direct:call", "call", params()));
        ok(send("direct:call", "Once upon a time"));
        Exchange bypassed = ok(send("direct:call", "Once upon a time", LlmConstants.CACHE_BYPASS, true));
        assertEquals(Boolean.FALSE, hit(bypassed));
        assertEquals(2, server.count("/v1/completions"));

        ok(send("direct:call", "A new prompt", LlmConstants.CACHE_BYPASS, "true"));
        assertEquals(Boolean.FALSE, hit(ok(send("direct:call", "A new prompt"))), "a bypassed answer is not stored");
        assertEquals(4, server.count("/v1/completions"));

        Exchange bad = send("direct:call", "Once upon a time", LlmConstants.CACHE_BYPASS, "maybe");
        assertTrue(
                bad.getException().getMessage().contains("header CamelLlmCacheBypass has value 'maybe'"),
                bad.getException().getMessage());
    }

    @Test
    void theDefaultStoreEvictsBeyondCacheMaxEntries() throws Exception {
        routes(context, Fixtures.route("call", "direct:call", "call", params("cacheMaxEntries", 2)));
        List<String> prompts = List.of("one", "two", "three");
        prompts.forEach(p -> ok(send("direct:call", p)));
        assertEquals(3, server.count("/v1/completions"));
        assertTrue(context.getComponent("llm", LlmComponent.class)
                        .defaultResponseCache(2)
                        .size()
                <= 2);

        int hits = 0;
        for (String p : prompts) {
            hits += Boolean.TRUE.equals(hit(ok(send("direct:call", p)))) ? 1 : 0;
        }
        assertTrue(hits <= 2, "at most 2 answers were kept, but " + hits + " prompts were hits");
        assertEquals(3 + (3 - hits), server.count("/v1/completions"));
        assertTrue(context.getComponent("llm", LlmComponent.class)
                        .defaultResponseCache(2)
                        .size()
                <= 2);
    }

    @Test
    void answersExpireAfterCacheTtl() throws Exception {
        routes(context, Fixtures.route("call", "direct:call", "call", params("cacheTtl", 300)));
        ok(send("direct:call", "Once upon a time"));
        assertEquals(Boolean.TRUE, hit(ok(send("direct:call", "Once upon a time"))));
        Thread.sleep(600);
        assertEquals(Boolean.FALSE, hit(ok(send("direct:call", "Once upon a time"))), "expired after 300 ms");
        assertEquals(2, server.count("/v1/completions"));
    }

    /** A store that keeps JSON text, as a Redis or Infinispan store would, and records what it is asked. */
    static final class TextStore implements LlmResponseCache {
        final Map<String, String> entries = new ConcurrentHashMap<>();
        final List<Duration> ttls = new CopyOnWriteArrayList<>();
        final AtomicInteger gets = new AtomicInteger();

        @Override
        public LlmCachedResponse get(String key) {
            gets.incrementAndGet();
            String json = entries.get(key);
            return json == null ? null : LlmCachedResponseCodec.fromJson(json);
        }

        @Override
        public void put(String key, LlmCachedResponse response, Duration ttl) {
            ttls.add(ttl);
            entries.put(key, LlmCachedResponseCodec.toJson(response));
        }
    }

    @Test
    void aCustomStoreBeanIsUsedAndSharedAcrossCamelContexts() throws Exception {
        TextStore store = new TextStore();
        context.getRegistry().bind("sharedStore", store);
        routes(
                context,
                Fixtures.route(
                                "call",
                                "direct:call",
                                "call",
                                params("cacheStore", "#bean:sharedStore", "cacheTtl", 60000))
                        + Fixtures.route("embed", "direct:embed", "embed", params("cacheStore", "#bean:sharedStore")));
        Exchange first = ok(send("direct:call", "Once upon a time"));
        ok(send("direct:embed", "hello world"));
        assertEquals(2, store.entries.size());
        assertEquals(List.of(Duration.ofMillis(60000), Duration.ofMillis(3_600_000)), store.ttls);
        store.entries.keySet().forEach(k -> assertTrue(k.matches("[0-9a-f]{64}"), k));

        // a second application (a restarted one, another instance) with the same store answers from it
        CamelContext other = newContext();
        other.getRegistry().bind("sharedStore", store);
        routes(
                other,
                Fixtures.route("call", "direct:call", "call", params("cacheStore", "#bean:sharedStore"))
                        + Fixtures.route("embed", "direct:embed", "embed", params("cacheStore", "#bean:sharedStore")));
        ProducerTemplate otherTemplate = other.createProducerTemplate();
        Exchange replay =
                otherTemplate.request("direct:call", e -> e.getMessage().setBody("Once upon a time"));
        assertEquals(Boolean.TRUE, hit(ok(replay)));
        assertEquals(first.getMessage().getBody(), replay.getMessage().getBody());
        assertEquals(
                first.getMessage().getHeader(LlmConstants.GENERATION_MS),
                replay.getMessage().getHeader(LlmConstants.GENERATION_MS));
        Exchange embedReplay =
                otherTemplate.request("direct:embed", e -> e.getMessage().setBody("hello world"));
        assertEquals(Boolean.TRUE, hit(ok(embedReplay)));
        assertEquals(1, server.count("/v1/completions"));
        assertEquals(1, server.count("/v1/embeddings"));
        assertEquals(4, store.gets.get());
    }

    @Test
    void aFailingStoreNeverFailsTheExchange() throws Exception {
        context.getRegistry().bind("brokenStore", new LlmResponseCache() {
            @Override
            public LlmCachedResponse get(String key) {
                throw new IllegalStateException("store is down");
            }

            @Override
            public void put(String key, LlmCachedResponse response, Duration ttl) {
                throw new IllegalStateException("store is down");
            }
        });
        routes(context, Fixtures.route("call", "direct:call", "call", params("cacheStore", "#bean:brokenStore")));
        assertEquals(Boolean.FALSE, hit(ok(send("direct:call", "Once upon a time"))));
        assertEquals(Boolean.FALSE, hit(ok(send("direct:call", "Once upon a time"))));
        assertEquals(2, server.count("/v1/completions"));
    }

    @Test
    void streamIsNeverCached() throws Exception {
        routes(
                context,
                Fixtures.route("stream", "direct:stream", "stream", params())
                        + "        - split:\n"
                        + "            simple: \"${body}\"\n"
                        + "            streaming: true\n"
                        + "            steps:\n"
                        + "              - log: \"${body.text}\"\n");
        Exchange first = ok(send("direct:stream", "Once upon a time"));
        Exchange second = ok(send("direct:stream", "Once upon a time"));
        assertEquals(2, server.count("/v1/completions"));
        assertFalse(first.getMessage().getHeaders().containsKey(LlmConstants.CACHE_HIT));
        assertFalse(second.getMessage().getHeaders().containsKey(LlmConstants.CACHE_HIT));
    }

    @Test
    void withoutCacheEnabledNothingIsCachedAndNoHeaderIsSet() throws Exception {
        routes(context, Fixtures.route("call", "direct:call", "call", params("cacheEnabled", false)));
        Exchange first = ok(send("direct:call", "Once upon a time"));
        ok(send("direct:call", "Once upon a time"));
        assertEquals(2, server.count("/v1/completions"));
        assertFalse(first.getMessage().getHeaders().containsKey(LlmConstants.CACHE_HIT));
    }

    @Test
    void badCacheOptionsFailTheRouteStartNamingTheOption() {
        Map<String, String> expected = new HashMap<>();
        expected.put("cacheMaxEntries", "option cacheMaxEntries=0 is out of range: must be between 1 and 10000000");
        expected.put(
                "cacheTtl",
                "option cacheTtl=-5 is out of range: must be 0 (no expiry) or a positive number of milliseconds");
        for (var e : expected.entrySet()) {
            CamelContext c = newContext();
            Object value = e.getKey().equals("cacheTtl") ? -5 : 0;
            Exception thrown = assertThrows(
                    Exception.class,
                    () -> routes(c, Fixtures.route("bad", "direct:bad", "call", params(e.getKey(), value))));
            StringBuilder all = new StringBuilder();
            for (Throwable t = thrown; t != null; t = t.getCause()) {
                all.append(t.getMessage()).append('\n');
            }
            assertTrue(all.toString().contains(e.getValue()), all.toString());
        }
        CamelContext c = newContext();
        Exception thrown = assertThrows(
                Exception.class,
                () -> routes(c, Fixtures.route("bad", "direct:bad", "call", params("cacheStore", "#bean:missing"))));
        assertTrue(
                String.valueOf(thrown.getMessage()).contains("missing")
                        || String.valueOf(thrown.getCause()).contains("missing"),
                thrown.toString());
    }

    @Test
    void observersAreToldOfCacheHitsInsteadOfGenerations() throws Exception {
        List<LlmCallInfo> generations = new CopyOnWriteArrayList<>();
        List<LlmCallInfo> hits = new CopyOnWriteArrayList<>();
        context.getRegistry().bind("recorder", new LlmObserver() {
            @Override
            public void onGeneration(LlmCallInfo info) {
                generations.add(info);
            }

            @Override
            public void onCacheHit(LlmCallInfo info) {
                hits.add(info);
            }
        });
        routes(context, Fixtures.route("call", "direct:call", "call", params()));
        ok(send("direct:call", "Once upon a time"));
        ok(send("direct:call", "Once upon a time"));
        ok(send("direct:call", "Once upon a time"));
        assertEquals(1, generations.size());
        assertEquals(2, hits.size());
        LlmCallInfo hit = hits.get(0);
        assertEquals("call", hit.operation());
        assertEquals("openai", hit.provider());
        assertEquals("stories260K", hit.model());
        assertEquals(5, hit.inputTokens());
        assertEquals(8, hit.outputTokens());
        assertNull(hit.errorType());
    }

    @Test
    void theCodecKeepsEveryFieldAndEveryFloatBit() {
        LlmCachedResponse text =
                LlmCachedResponse.generation("a \"quoted\" answer\n", "m", "local", 5, 8, "length", 3L, 40L);
        assertEquals(text, LlmCachedResponseCodec.fromJson(LlmCachedResponseCodec.toJson(text)));
        float[] v = {0.1f, -0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN, 1e-38f, (float) Math.PI};
        LlmCachedResponse vectors = LlmCachedResponse.embedding(List.of(v, new float[] {1f}), "m", "ollama", 7, 12L);
        LlmCachedResponse back = LlmCachedResponseCodec.fromJson(LlmCachedResponseCodec.toJson(vectors));
        assertEquals(2, back.vectors().size());
        for (int i = 0; i < v.length; i++) {
            assertEquals(
                    Float.floatToRawIntBits(v[i]),
                    Float.floatToRawIntBits(back.vectors().get(0)[i]),
                    "float " + i);
        }
        assertEquals(7, back.inputTokens());
        assertNull(back.outputTokens());
        assertEquals(12L, back.generationMs());
        assertInstanceOf(
                IllegalArgumentException.class,
                assertThrows(IllegalArgumentException.class, () -> LlmCachedResponseCodec.fromJson("{\"v\":99}")));
        assertThrows(IllegalArgumentException.class, () -> LlmCachedResponseCodec.fromJson("not json"));
    }
}
