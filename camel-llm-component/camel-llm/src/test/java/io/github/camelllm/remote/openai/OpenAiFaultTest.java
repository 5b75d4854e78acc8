package io.github.camelllm.remote.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.camelllm.component.BackendSpecs;
import io.github.camelllm.component.LlmConfiguration;
import io.github.camelllm.component.TestRuntime;
import io.github.camelllm.spi.EmbeddingRequest;
import io.github.camelllm.spi.GenerationRequest;
import io.github.camelllm.spi.GenerationStream;
import io.github.camelllm.spi.LlmCancelledException;
import io.github.camelllm.spi.LlmChunk;
import io.github.camelllm.spi.LlmHttpException;
import io.github.camelllm.spi.LlmTimeoutException;
import io.github.camelllm.spi.SamplingOptions;
import io.github.camelllm.testing.Fixtures;
import io.github.camelllm.testing.LoopbackServer;

/** Failures of a real HTTP peer on loopback: retries, timeouts, broken and stalled streams, malformed replies. */
@Timeout(20)
class OpenAiFaultTest {

    static final String DELTA =
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"},\"finish_reason\":null}],\"model\":\"m\"}\n\n";
    static final String FINAL = "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}\n\ndata: [DONE]\n\n";

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : resources) {
            c.close();
        }
    }

    private LoopbackServer server() {
        LoopbackServer s = new LoopbackServer();
        resources.add(s);
        return s;
    }

    static String sse(String... deltas) {
        StringBuilder sb = new StringBuilder();
        for (String d : deltas) {
            sb.append(String.format(DELTA, d));
        }
        return sb.append(FINAL).toString();
    }

    static void okStream(com.sun.net.httpserver.HttpExchange ex) throws IOException {
        LoopbackServer.send(ex, 200, "text/event-stream", sse("Hel", "lo"));
    }

    private OpenAiBackend backend(String baseUrl, Consumer<LlmConfiguration> settings) {
        LlmConfiguration c = new LlmConfiguration();
        c.setBaseUrl(baseUrl);
        c.setModel("m");
        c.setConnectTimeout(1000);
        c.setRequestTimeout(1000);
        c.setMaxRetries(2);
        settings.accept(c);
        OpenAiBackend b = OpenAiBackendFactory.create(BackendSpecs.remote(c), null, TestRuntime.context());
        resources.add(0, b);
        return b;
    }

    static GenerationRequest chat(long timeoutMillis) {
        return new GenerationRequest(
                null, List.of(io.github.camelllm.spi.ChatMessage.user("hi")), null, sampling(16), timeoutMillis, 0);
    }

    static SamplingOptions sampling(int maxTokens) {
        return new SamplingOptions(maxTokens, 0f, 0.95f, 40, 0.05f, 1.0f, null, List.of(), null, null);
    }

    /** Reads a generation to its end and returns the concatenated text. */
    static String drain(GenerationStream stream) {
        StringBuilder sb = new StringBuilder();
        try (stream) {
            while (stream.hasNext()) {
                sb.append(stream.next().getText());
            }
        }
        return sb.toString();
    }

    @Test
    void retryAfterIsHonouredThenSucceeds() {
        LoopbackServer s = server().on("/v1/chat/completions", (ex, r, n) -> {
            if (n == 1) {
                ex.getResponseHeaders().set("Retry-After", "1");
                LoopbackServer.json(ex, 429, "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit\"}}");
            } else {
                okStream(ex);
            }
        });
        OpenAiBackend b = backend(s.baseUrl(), c -> c.setRequestTimeout(3000));
        assertEquals("Hello", drain(b.generate(chat(0))));
        assertEquals(2, s.count("/v1/chat/completions"));
        long gapMs = (s.requests().get(1).atNanos() - s.requests().get(0).atNanos()) / 1_000_000;
        assertTrue(gapMs >= 950, "Retry-After: 1 waited only " + gapMs + " ms");
    }

    @Test
    void rateLimitedForeverGivesUpAfterMaxRetries() {
        LoopbackServer s = server().on("/v1/chat/completions", (ex, r, n) -> {
            ex.getResponseHeaders().set("Retry-After", "0");
            LoopbackServer.json(ex, 429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}");
        });
        OpenAiBackend b = backend(s.baseUrl(), c -> c.setMaxRetries(2));
        LlmHttpException e = assertThrows(LlmHttpException.class, () -> b.generate(chat(0)));
        assertEquals(429, e.getStatusCode());
        assertTrue(e.isRetriable());
        assertEquals("Rate limit reached", e.getServerMessage());
        assertEquals(3, s.count("/v1/chat/completions"));
    }

    @Test
    void serverErrorIsRetriedThenSucceeds() {
        LoopbackServer s = server().on("/v1/chat/completions", (ex, r, n) -> {
            if (n == 1) {
                LoopbackServer.send(ex, 500, "text/plain", "Internal Server Error");
            } else {
                okStream(ex);
            }
        });
        assertEquals("Hello", drain(backend(s.baseUrl(), c -> {}).generate(chat(0))));
        assertEquals(2, s.count("/v1/chat/completions"));
    }

    @Test
    void badRequestIsNotRetried() {
        LoopbackServer s = server().on(
                        "/v1/chat/completions",
                        (ex, r, n) -> LoopbackServer.json(
                                ex,
                                400,
                                "{\"error\":{\"message\":\"'messages' must contain at least one message\",\"type\":\"invalid_request_error\"}}"));
        LlmHttpException e = assertThrows(
                LlmHttpException.class, () -> backend(s.baseUrl(), c -> {}).generate(chat(0)));
        assertEquals(400, e.getStatusCode());
        assertFalse(e.isRetriable());
        assertEquals("'messages' must contain at least one message", e.getServerMessage());
        assertEquals(1, s.count("/v1/chat/completions"));
    }

    @Test
    void unauthorizedIsNotRetried() {
        LoopbackServer s = server().on(
                        "/v1/chat/completions",
                        (ex, r, n) -> LoopbackServer.json(
                                ex,
                                401,
                                "{\"error\":{\"message\":\"Invalid API key\",\"type\":\"authentication_error\"}}"));
        LlmHttpException e = assertThrows(
                LlmHttpException.class, () -> backend(s.baseUrl(), c -> {}).generate(chat(0)));
        assertEquals(401, e.getStatusCode());
        assertFalse(e.isRetriable());
        assertEquals(1, s.count("/v1/chat/completions"));
    }

    @Test
    void slowResponsePastRequestTimeout() {
        LoopbackServer s = server().on("/v1/chat/completions", (ex, r, n) -> {
            Thread.sleep(3000);
            okStream(ex);
        });
        long t0 = System.nanoTime();
        OpenAiBackend b = backend(s.baseUrl(), c -> c.setRequestTimeout(300));
        assertThrows(LlmTimeoutException.class, () -> b.generate(chat(0)));
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 2500);
    }

    @Test
    void streamEndingWithoutDoneFailsTheExchange() throws Exception {
        LoopbackServer s = server().on("/v1/chat/completions", (ex, r, n) -> {
            OutputStream out = LoopbackServer.startSse(ex);
            LoopbackServer.write(out, String.format(DELTA, "Hel") + String.format(DELTA, "lo"));
            // the response ends cleanly, but without finish_reason, usage or [DONE]
        });
        CamelContext context = new DefaultCamelContext();
        resources.add(0, context::stop);
        Fixtures.load(
                context,
                Fixtures.route(
                        "r",
                        "direct:a",
                        "chat",
                        Map.of("backend", "openai", "baseUrl", s.baseUrl(), "model", "m", "requestTimeout", 2000)));
        context.start();
        Exchange ex = context.createProducerTemplate()
                .request("direct:a", e -> e.getMessage().setBody("[{\"role\":\"user\",\"content\":\"hi\"}]"));
        LlmHttpException e = Fixtures.failure(ex, LlmHttpException.class);
        assertEquals(0, e.getStatusCode());
        assertTrue(e.isRetriable());
        assertTrue(e.getMessage().contains("before [DONE]"), e.getMessage());
        assertEquals(1, s.count("/v1/chat/completions"), "a started stream is never retried");
    }

    @Test
    void connectionClosedMidStreamFails() throws Exception {
        // a raw socket: announces 10000 bytes, sends two events, then closes the connection
        ServerSocket raw = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        resources.add(raw);
        Thread t = new Thread(() -> {
            try (Socket socket = raw.accept()) {
                readRequest(socket.getInputStream());
                String events = String.format(DELTA, "Hel") + String.format(DELTA, "lo");
                String head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: 10000\r\n\r\n";
                socket.getOutputStream().write((head + events).getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                Thread.sleep(100);
            } catch (Exception ignored) {
                // test ends
            }
        });
        t.setDaemon(true);
        t.start();
        OpenAiBackend b = backend("http://127.0.0.1:" + raw.getLocalPort() + "/v1", c -> c.setMaxRetries(0));
        GenerationStream stream = b.generate(chat(0));
        StringBuilder got = new StringBuilder();
        LlmHttpException e = assertThrows(LlmHttpException.class, () -> {
            while (stream.hasNext()) {
                got.append(stream.next().getText());
            }
        });
        assertEquals("Hello", got.toString(), "the chunks before the break were delivered");
        assertEquals(0, e.getStatusCode());
        assertTrue(e.isRetriable());
        assertFalse(stream.hasNext());
    }

    /** Reads one HTTP/1.1 request: the head, then Content-Length bytes of body. */
    static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
    }

    @Test
    void stalledStreamFailsAfterRequestTimeout() {
        LoopbackServer s = server().on("/v1/chat/completions", (ex, r, n) -> {
            OutputStream out = LoopbackServer.startSse(ex);
            LoopbackServer.write(out, String.format(DELTA, "Hel"));
            Thread.sleep(10_000);
        });
        OpenAiBackend b = backend(s.baseUrl(), c -> c.setRequestTimeout(400));
        GenerationStream stream = b.generate(chat(0));
        assertEquals("Hel", stream.next().getText());
        long t0 = System.nanoTime();
        LlmTimeoutException e = assertThrows(LlmTimeoutException.class, stream::next);
        long waited = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(waited >= 300 && waited < 3000, "waited " + waited + " ms");
        assertTrue(e.getMessage().contains("requestTimeout"), e.getMessage());
        assertFalse(stream.hasNext());
    }

    @Test
    void plainResponseStallingAfterItsHeadersFails() {
        LoopbackServer s = server().on("/v1/embeddings", (ex, r, n) -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 1000);
            LoopbackServer.write(ex.getResponseBody(), "{\"data\":[");
            Thread.sleep(10_000);
        });
        OpenAiBackend b = backend(s.baseUrl(), c -> c.setRequestTimeout(400));
        long t0 = System.nanoTime();
        assertThrows(LlmTimeoutException.class, () -> b.embed(new EmbeddingRequest(List.of("x"), 0, 0)));
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 3000);
    }

    @Test
    void malformedEventFailsClearly() {
        LoopbackServer s = server().on(
                        "/v1/chat/completions",
                        (ex, r, n) -> LoopbackServer.send(
                                ex,
                                200,
                                "text/event-stream",
                                String.format(DELTA, "Hel") + "data: {\"choices\":[{\"delta\":\n\n" + FINAL));
        GenerationStream stream = backend(s.baseUrl(), c -> {}).generate(chat(0));
        assertEquals("Hel", stream.next().getText());
        LlmHttpException e = assertThrows(LlmHttpException.class, stream::next);
        assertTrue(e.getMessage().contains("malformed JSON in a server-sent event"), e.getMessage());
        assertFalse(e.isRetriable());
    }

    @Test
    void malformedPlainResponsesFailClearly() {
        LoopbackServer s = server().on("/v1/embeddings", (ex, r, n) -> LoopbackServer.json(ex, 200, "{\"data\": [1, 2"))
                .on("/v1/chat/completions", (ex, r, n) -> LoopbackServer.json(ex, 200, "{\"choices\": [oops]}"));
        OpenAiBackend b = backend(s.baseUrl(), c -> {});
        LlmHttpException e =
                assertThrows(LlmHttpException.class, () -> b.embed(new EmbeddingRequest(List.of("x"), 0, 0)));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        GenerationStream stream = b.generate(chat(0));
        e = assertThrows(LlmHttpException.class, stream::next);
        assertTrue(e.getMessage().contains("malformed JSON in the response"), e.getMessage());
    }

    @Test
    void errorEventsMidStreamCarryTheServersMessage() {
        LoopbackServer s = server().on(
                        "/v1/chat/completions",
                        (ex, r, n) -> LoopbackServer.send(
                                ex,
                                200,
                                "text/event-stream",
                                String.format(DELTA, "Hel")
                                        + "data: {\"error\":{\"message\":\"The server had an error while processing your request\",\"type\":\"server_error\"}}\n\n"))
                .on(
                        "/v1/completions",
                        (ex, r, n) -> LoopbackServer.send(
                                ex,
                                200,
                                "text/event-stream",
                                "error: {\"code\":400,\"message\":\"the request exceeds the available context size\",\"type\":\"exceed_context_size_error\"}\n\n"));
        OpenAiBackend b = backend(s.baseUrl(), c -> {});
        GenerationStream stream = b.generate(chat(0));
        stream.next();
        LlmHttpException e = assertThrows(LlmHttpException.class, stream::next);
        assertEquals("The server had an error while processing your request", e.getServerMessage());
        assertTrue(e.isRetriable());

        GenerationStream call = b.generate(new GenerationRequest("hi", null, null, sampling(16), 0, 0));
        e = assertThrows(LlmHttpException.class, call::next);
        assertEquals("the request exceeds the available context size", e.getServerMessage());
        assertEquals(400, e.getStatusCode());
        assertFalse(e.isRetriable());
    }

    @Test
    void connectionRefusedIsRetriableWithStatusZero() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        OpenAiBackend b = backend("http://127.0.0.1:" + port + "/v1", c -> c.setMaxRetries(1));
        LlmHttpException e = assertThrows(LlmHttpException.class, () -> b.generate(chat(0)));
        assertEquals(0, e.getStatusCode());
        assertTrue(e.isRetriable());
        assertTrue(
                e.getMessage().contains("cannot connect") || e.getMessage().contains("connection failed"),
                e.getMessage());
    }

    @Test
    void closingTheJdkResponseStreamFromAnotherThreadUnblocksARead() throws Exception {
        LoopbackServer s = server().on("/slow", (ex, r, n) -> {
            OutputStream out = LoopbackServer.startSse(ex);
            LoopbackServer.write(out, "data: x\n\n");
            Thread.sleep(10_000);
        });
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<InputStream> response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/slow"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        InputStream in = response.body();
        byte[] buf = new byte[64];
        assertEquals(9, in.read(buf));
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(200);
                in.close();
            } catch (Exception ignored) {
                // reported by the read below
            }
        });
        long t0 = System.nanoTime();
        closer.start();
        assertThrows(IOException.class, () -> in.read(buf));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 150 && ms < 2000, "the blocked read ended after " + ms + " ms");
    }

    @Test
    void closeFromAnotherThreadCancelsAndDisconnects() throws Exception {
        CountDownLatch serverSawDisconnect = new CountDownLatch(1);
        LoopbackServer s = server().on("/v1/chat/completions", (ex, r, n) -> {
            OutputStream out = LoopbackServer.startSse(ex);
            LoopbackServer.write(out, String.format(DELTA, "Hel"));
            Thread.sleep(300);
            try {
                for (int i = 0; i < 200; i++) {
                    Thread.sleep(50); // a generation the client stops listening to, token by token
                    LoopbackServer.write(out, ": keep-alive\n\n");
                }
            } catch (IOException e) {
                serverSawDisconnect.countDown();
            }
        });
        GenerationStream stream =
                backend(s.baseUrl(), c -> c.setRequestTimeout(5000)).generate(chat(0));
        assertEquals("Hel", stream.next().getText());
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException ignored) {
                return;
            }
            stream.close();
            stream.close(); // idempotent
        });
        closer.start();
        long t0 = System.nanoTime();
        assertThrows(LlmCancelledException.class, stream::next);
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 2000);
        assertFalse(stream.hasNext());
        assertThrows(LlmCancelledException.class, stream::next);
        assertTrue(serverSawDisconnect.await(5, TimeUnit.SECONDS), "the server noticed the client went away");
    }

    @Test
    void closeBeforeReadingEndsTheGeneration() {
        LoopbackServer s = server().on("/v1/chat/completions", (ex, r, n) -> okStream(ex));
        GenerationStream stream = backend(s.baseUrl(), c -> {}).generate(chat(0));
        stream.close();
        assertFalse(stream.hasNext());
        assertThrows(LlmCancelledException.class, stream::next);
    }

    @Test
    void timeoutOptionCancelsALongGeneration() throws Exception {
        AtomicBoolean disconnected = new AtomicBoolean();
        LoopbackServer s = server().on("/v1/chat/completions", (ex, r, n) -> {
            OutputStream out = LoopbackServer.startSse(ex);
            try {
                for (int i = 0; i < 200; i++) {
                    LoopbackServer.write(out, String.format(DELTA, "t"));
                    Thread.sleep(50);
                }
            } catch (IOException e) {
                disconnected.set(true);
            }
        });
        GenerationStream stream =
                backend(s.baseUrl(), c -> c.setRequestTimeout(5000)).generate(chat(600));
        long t0 = System.nanoTime();
        int chunks = 0;
        LlmTimeoutException e = null;
        try {
            while (stream.hasNext()) {
                stream.next();
                chunks++;
            }
        } catch (LlmTimeoutException timeout) {
            e = timeout;
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(e != null, "no timeout after " + chunks + " chunks");
        assertTrue(e.getMessage().contains("600 ms"), e.getMessage());
        assertTrue(chunks > 2 && ms < 2500, chunks + " chunks in " + ms + " ms");
        assertFalse(stream.hasNext());
    }

    @Test
    void shapesOfOpenAiStreams() {
        // role-only first event, CRLF line ends, comments, a multi-line data event, finish_reason in its own event,
        // and the usage in a separate event with empty choices (OpenAI's stream_options.include_usage)
        String body = ": ping\r\n\r\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}],\"model\":\"gpt-x-2025\"}\r\n\r\n"
                + "data: {\"choices\":[{\"index\":0,\r\ndata: \"delta\":{\"content\":\"Hi\"}}]}\r\n\r\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" there\"},\"finish_reason\":null}]}\r\n\r\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"content_filter\"}]}\r\n\r\n"
                + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2,\"total_tokens\":9}}\r\n\r\n"
                + "data: [DONE]\r\n\r\n";
        LoopbackServer s = server().on(
                        "/v1/chat/completions", (ex, r, n) -> LoopbackServer.send(ex, 200, "text/event-stream", body));
        OpenAiBackend b = backend(s.baseUrl(), c -> c.setModel(null));
        GenerationStream stream = b.generate(chat(0));
        assertEquals(-1, stream.inputTokens());
        List<LlmChunk> chunks = new ArrayList<>();
        while (stream.hasNext()) {
            chunks.add(stream.next());
        }
        assertEquals(3, chunks.size());
        assertEquals("Hi", chunks.get(0).getText());
        assertEquals(" there", chunks.get(1).getText());
        LlmChunk last = chunks.get(2);
        assertTrue(last.isLast());
        assertEquals("content_filter", last.getFinishReason());
        assertEquals(7, last.getInputTokens());
        assertEquals(2, last.getOutputTokens());
        assertEquals("gpt-x-2025", b.modelName());
    }

    @Test
    void streamWithoutUsageCountsDeltas() {
        LoopbackServer s = server().on(
                        "/v1/completions",
                        (ex, r, n) -> LoopbackServer.send(
                                ex,
                                200,
                                "text/event-stream",
                                "data: {\"choices\":[{\"index\":0,\"text\":\"a\"}]}\n\n"
                                        + "data: {\"choices\":[{\"index\":0,\"text\":\"\"}]}\n\n"
                                        + "data: {\"choices\":[{\"index\":0,\"text\":\"b\"}]}\n\n"
                                        + "data: [DONE]\n\n"));
        OpenAiBackend b = backend(s.baseUrl(), c -> {});
        List<LlmChunk> chunks = new ArrayList<>();
        GenerationStream stream = b.generate(new GenerationRequest("p", null, null, sampling(2), 0, 0));
        while (stream.hasNext()) {
            chunks.add(stream.next());
        }
        assertEquals(3, chunks.size());
        LlmChunk last = chunks.get(2);
        assertNull(last.getInputTokens());
        assertEquals(2, last.getOutputTokens());
        assertEquals("length", last.getFinishReason(), "maxTokens deltas arrived and the server named no reason");
    }
}
