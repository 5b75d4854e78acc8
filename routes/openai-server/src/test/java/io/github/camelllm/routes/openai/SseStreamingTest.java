package io.github.camelllm.routes.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.Processor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.camelllm.spi.LlmChunk;

/**
 * Streaming through platform-http (Vert.x) with a chunk source the test controls: each event must reach the client while
 * the next chunk does not exist yet, and a client that disconnects must close the source (cancel the generation).
 */
class SseStreamingTest {

    static final AtomicReference<GatedChunks> CURRENT = new AtomicReference<>();
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Processor gated = exchange -> exchange.getMessage().setBody(CURRENT.get());
        server = TestServer.start("classpath:sse-gated-test.camel.yaml", Map.of("gatedChunks", gated), Map.of());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<InputStream> open(GatedChunks chunks) throws Exception {
        CURRENT.set(chunks);
        return server.client.send(
                java.net.http.HttpRequest.newBuilder(server.uri("/gated"))
                        .header("padding", System.getProperty("sse.padding", "auto"))
                        .timeout(java.time.Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    private static String nextWithin(TestServer.Events events, long seconds) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
                    try {
                        return events.next();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                })
                .get(seconds, TimeUnit.SECONDS);
    }

    @Test
    void eachEventArrivesBeforeTheNextChunkExists() throws Exception {
        GatedChunks chunks = new GatedChunks();
        chunks.offer(LlmChunk.delta("Once", 0));
        HttpResponse<InputStream> r = open(chunks);
        assertEquals(200, r.statusCode());
        assertEquals("text/event-stream", r.headers().firstValue("Content-Type").orElse(""));
        try (TestServer.Events events = new TestServer.Events(r.body())) {
            // only one chunk exists: the client must see it now, not when the stream ends
            assertEquals("Once", content(nextWithin(events, 10)));
            chunks.offer(LlmChunk.delta(" upon", 1));
            assertEquals(" upon", content(nextWithin(events, 10)));
            chunks.offer(new LlmChunk(" a", 2, true, "stop", 5, 3, 10L, 20L));
            assertEquals(" a", content(nextWithin(events, 10)));
            JsonNode last = TestServer.json(nextWithin(events, 10));
            assertEquals(
                    "stop", last.path("choices").path(0).path("finish_reason").asText());
            assertEquals(8, last.path("usage").path("total_tokens").asInt());
            assertEquals("[DONE]", nextWithin(events, 10));
            assertNull(nextWithin(events, 10));
        }
        assertTrue(chunks.closed.await(10, TimeUnit.SECONDS), "the source is closed when the stream ends");
    }

    @Test
    void clientDisconnectClosesTheSource() throws Exception {
        GatedChunks chunks = new GatedChunks();
        chunks.offer(LlmChunk.delta("Once", 0));
        HttpResponse<InputStream> r = open(chunks);
        TestServer.Events events = new TestServer.Events(r.body());
        assertEquals("Once", content(nextWithin(events, 10)));
        events.close();
        // nothing more is offered: only the disconnect can end this generation
        assertTrue(chunks.closed.await(10, TimeUnit.SECONDS), "disconnect must cancel the generation");
    }

    private static String content(String event) throws Exception {
        return TestServer.json(event)
                .path("choices")
                .path(0)
                .path("delta")
                .path("content")
                .asText();
    }

    /** A generation whose chunks the test releases one by one; close() is the cancellation. */
    static final class GatedChunks implements Iterator<LlmChunk>, AutoCloseable {

        private static final LlmChunk END = LlmChunk.delta("", -1);
        private final BlockingQueue<LlmChunk> queue = new LinkedBlockingQueue<>();
        final CountDownLatch closed = new CountDownLatch(1);
        private LlmChunk next;
        private boolean ended;

        void offer(LlmChunk chunk) {
            queue.add(chunk);
        }

        @Override
        public synchronized boolean hasNext() {
            if (ended) {
                return false;
            }
            if (next == null) {
                try {
                    next = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            if (next == END) {
                ended = true;
                return false;
            }
            return true;
        }

        @Override
        public LlmChunk next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            synchronized (this) {
                LlmChunk c = next;
                next = null;
                if (c.isLast()) {
                    ended = true;
                }
                return c;
            }
        }

        @Override
        public void close() {
            closed.countDown();
            queue.add(END);
        }
    }
}
