package io.github.camelllm.remote.ollama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.camelllm.component.LlmConstants;
import io.github.camelllm.spi.LlmChunk;
import io.github.camelllm.spi.LlmHttpException;
import io.github.camelllm.spi.LlmInvalidRequestException;
import io.github.camelllm.spi.LlmTimeoutException;

/** The ollama backend behind real YAML routes, against {@link OllamaWireServer} on loopback. */
@Timeout(60)
class OllamaRouteTest {

    private static final String ANSWER = "The quick brown fox jumps over the lazy dog.";

    private OllamaWireServer.ScriptedEngine engine;
    private OllamaWireServer server;
    private DefaultCamelContext context;
    private ProducerTemplate template;
    private final List<LlmChunk> chunks = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void startServer() {
        engine = new OllamaWireServer.ScriptedEngine().reply(ANSWER);
        server = OllamaWireServer.start(engine, "tiny");
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
        server.close();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private String params(String extra) {
        return "backend: ollama, baseUrl: \"" + server.baseUrl() + "\", model: tiny, maxRetries: 0"
                + (extra == null || extra.isBlank() ? "" : ", " + extra);
    }

    private static String route(String from, String uri, String params, String... extraSteps) {
        StringBuilder y = new StringBuilder();
        y.append("- route:\n    from:\n      uri: \"").append(from).append("\"\n      steps:\n");
        y.append("        - to: {uri: \"")
                .append(uri)
                .append("\", parameters: {")
                .append(params)
                .append("}}\n");
        for (String step : extraSteps) {
            y.append("        - ").append(step).append('\n');
        }
        return y.toString();
    }

    private static final String SPLIT =
            "split: {simple: \"${body}\", streaming: true, steps: [{process: {ref: collector}}]}";

    private void start(String yaml) throws Exception {
        context = new DefaultCamelContext();
        context.getRegistry().bind("collector", (Processor)
                ex -> chunks.add(ex.getMessage().getBody(LlmChunk.class)));
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("r.yaml", yaml));
        context.start();
        template = context.createProducerTemplate();
    }

    private Exchange send(String uri, Object body) {
        return template.send(uri, ex -> ex.getMessage().setBody(body));
    }

    private static <T extends Throwable> T cause(Exchange ex, Class<T> type) {
        Throwable t = ex.getException();
        assertNotNull(t, "the exchange should have failed");
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        throw new AssertionError("expected a " + type.getSimpleName() + " in the causes of " + t, t);
    }

    private static <T extends Throwable> T cause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        throw new AssertionError("expected a " + type.getSimpleName() + " in the causes of " + t, t);
    }

    private static String joined(List<LlmChunk> chunks) {
        StringBuilder sb = new StringBuilder();
        chunks.forEach(c -> sb.append(c.getText()));
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------------------ operations

    @Test
    void callSendsTheRawPromptAndReturnsTextUsageAndFinishReason() throws Exception {
        start(route("direct:a", "llm:call", params("temperature: 0.2, topK: 7, seed: 42, stop: \"zzz\"")));
        Exchange ex = send("direct:a", "Say something about foxes");
        assertNull(ex.getException());
        assertEquals(ANSWER, ex.getMessage().getBody(String.class));
        assertEquals(4, ex.getMessage().getHeader(LlmConstants.INPUT_TOKENS));
        assertEquals(9, ex.getMessage().getHeader(LlmConstants.OUTPUT_TOKENS));
        assertEquals("stop", ex.getMessage().getHeader(LlmConstants.FINISH_REASON));
        assertEquals("ollama", ex.getMessage().getHeader(LlmConstants.BACKEND));
        assertEquals("tiny", ex.getMessage().getHeader(LlmConstants.MODEL));
        assertNotNull(ex.getMessage().getHeader(LlmConstants.TIME_TO_FIRST_TOKEN_MS));
        assertNotNull(ex.getMessage().getHeader(LlmConstants.GENERATION_MS));

        JsonNode body = server.lastRequest("/api/generate");
        assertEquals("tiny", body.get("model").asText());
        assertEquals("Say something about foxes", body.get("prompt").asText());
        assertTrue(body.get("raw").asBoolean(), "llm:call sends the prompt verbatim");
        assertTrue(body.get("stream").asBoolean());
        JsonNode o = body.get("options");
        assertEquals(4096, o.get("num_ctx").asInt(), "num_ctx defaults to maxContextSize");
        assertEquals(256, o.get("num_predict").asInt());
        assertEquals(0.2, o.get("temperature").asDouble(), 1e-6);
        assertEquals(7, o.get("top_k").asInt());
        assertEquals(0.95, o.get("top_p").asDouble(), 1e-6);
        assertEquals(0.05, o.get("min_p").asDouble(), 1e-6);
        assertEquals(1.0, o.get("repeat_penalty").asDouble(), 1e-6);
        assertEquals(42, o.get("seed").asInt());
        assertEquals("zzz", o.get("stop").get(0).asText());
        assertFalse(body.has("keep_alive"));
        assertFalse(body.has("format"));
    }

    @Test
    void chatSendsMessagesWithoutRawAndReadsMessageContent() throws Exception {
        start(route("direct:a", "llm:chat", params("systemMessage: \"Be brief.\"")));
        Exchange ex = send("direct:a", "[{\"role\":\"user\",\"content\":\"Tell me about foxes\"}]");
        assertNull(ex.getException());
        assertEquals(ANSWER, ex.getMessage().getBody(String.class));
        assertEquals("stop", ex.getMessage().getHeader(LlmConstants.FINISH_REASON));
        assertEquals(9, ex.getMessage().getHeader(LlmConstants.OUTPUT_TOKENS));
        JsonNode body = server.lastRequest("/api/chat");
        assertEquals("system", body.get("messages").get(0).get("role").asText());
        assertEquals("Be brief.", body.get("messages").get(0).get("content").asText());
        assertEquals("user", body.get("messages").get(1).get("role").asText());
        assertEquals(
                "Tell me about foxes",
                body.get("messages").get(1).get("content").asText());
        assertFalse(body.has("raw"));
        assertFalse(body.has("prompt"));
        assertEquals(4096, body.get("options").get("num_ctx").asInt());
        assertEquals(0, server.requestCount("/api/generate"));
    }

    @Test
    void maxTokensCutsWithFinishReasonLength() throws Exception {
        start(route("direct:a", "llm:call", params("maxTokens: 3")));
        Exchange ex = send("direct:a", "go");
        assertNull(ex.getException());
        assertEquals("The quick brown ", ex.getMessage().getBody(String.class));
        assertEquals("length", ex.getMessage().getHeader(LlmConstants.FINISH_REASON));
        assertEquals(3, ex.getMessage().getHeader(LlmConstants.OUTPUT_TOKENS));
        assertEquals(
                3,
                server.lastRequest("/api/generate")
                        .get("options")
                        .get("num_predict")
                        .asInt());
    }

    @Test
    void streamWithStreamingSplitConcatenatesToTheNonStreamedText() throws Exception {
        start(route("direct:call", "llm:call", params(null))
                + route("direct:stream", "llm:stream", params(null), SPLIT));
        String whole = send("direct:call", "fox?").getMessage().getBody(String.class);
        Exchange ex = send("direct:stream", "fox?");
        assertNull(ex.getException());
        assertTrue(chunks.size() > 2, "several chunks: " + chunks);
        assertEquals(whole, joined(chunks));
        assertEquals(ANSWER, joined(chunks));
        for (int i = 0; i < chunks.size(); i++) {
            assertEquals(i, chunks.get(i).getIndex());
            assertEquals(i == chunks.size() - 1, chunks.get(i).isLast());
        }
        LlmChunk last = chunks.get(chunks.size() - 1);
        assertEquals("stop", last.getFinishReason());
        assertEquals(1, last.getInputTokens());
        assertEquals(9, last.getOutputTokens());
        assertNull(chunks.get(0).getFinishReason());
        assertNull(chunks.get(0).getOutputTokens());
    }

    @Test
    void streamOfAConversationUsesChat() throws Exception {
        start(route("direct:stream", "llm:stream", params(null), SPLIT));
        Exchange ex = send("direct:stream", "[{\"role\":\"user\",\"content\":\"hi\"}]");
        assertNull(ex.getException());
        assertEquals(ANSWER, joined(chunks));
        assertEquals(1, server.requestCount("/api/chat"));
    }

    @Test
    void embedSingleAndList() throws Exception {
        start(route("direct:e", "llm:embed", params(null)));
        Exchange one = send("direct:e", "hello world");
        assertNull(one.getException());
        float[] v = one.getMessage().getBody(float[].class);
        assertEquals(8, v.length);
        assertEquals(8, one.getMessage().getHeader(LlmConstants.EMBEDDING_DIMENSION));
        assertEquals(2, one.getMessage().getHeader(LlmConstants.INPUT_TOKENS));
        JsonNode body = server.lastRequest("/api/embed");
        assertEquals("tiny", body.get("model").asText());
        assertEquals("hello world", body.get("input").get(0).asText());
        assertFalse(body.get("truncate").asBoolean(true), "truncate:false so long inputs fail instead of being cut");
        assertFalse(body.has("options"), "num_ctx is sent to /api/embed only when contextSize is set");

        Exchange many = send("direct:e", List.of("a b", "c", "hello world"));
        assertNull(many.getException());
        @SuppressWarnings("unchecked")
        List<float[]> vectors = many.getMessage().getBody(List.class);
        assertEquals(3, vectors.size());
        assertEquals(3, many.getMessage().getHeader(LlmConstants.EMBEDDING_COUNT));
        assertEquals(5, many.getMessage().getHeader(LlmConstants.INPUT_TOKENS));
        assertArrayEquals(v, vectors.get(2), 1e-6f);
        double norm = 0;
        for (float x : vectors.get(0)) {
            norm += x * x;
        }
        assertEquals(1.0, norm, 1e-5);
    }

    @Test
    void embedSendsNumCtxWhenContextSizeIsSet() throws Exception {
        start(route("direct:e", "llm:embed", params("contextSize: 1024, keepAlive: \"5m\"")));
        assertNull(send("direct:e", "x").getException());
        JsonNode body = server.lastRequest("/api/embed");
        assertEquals(1024, body.get("options").get("num_ctx").asInt());
        assertEquals("5m", body.get("keep_alive").asText());
    }

    // ------------------------------------------------------------------------------------------------ options

    @Test
    void modelSpecWithAutoBackendPicksOllama() throws Exception {
        start(route("direct:a", "llm:call", "baseUrl: \"" + server.baseUrl() + "\", model: \"tiny@ollama\""));
        Exchange ex = send("direct:a", "hi");
        assertNull(ex.getException());
        assertEquals("ollama", ex.getMessage().getHeader(LlmConstants.BACKEND));
        assertEquals("tiny", ex.getMessage().getHeader(LlmConstants.MODEL));
        assertEquals("tiny", server.lastRequest("/api/generate").get("model").asText());
    }

    @Test
    void contextSizeIsSentAsNumCtx() throws Exception {
        start(route("direct:a", "llm:chat", params("contextSize: 8192"))
                + route("direct:b", "llm:chat", params("maxContextSize: 2500")));
        send("direct:a", "[{\"role\":\"user\",\"content\":\"hi\"}]");
        assertEquals(
                8192,
                server.lastRequest("/api/chat").get("options").get("num_ctx").asInt());
        send("direct:b", "[{\"role\":\"user\",\"content\":\"hi\"}]");
        assertEquals(
                2500,
                server.lastRequest("/api/chat").get("options").get("num_ctx").asInt());
    }

    @Test
    void keepAliveIsPassedAsDurationOrNumber() throws Exception {
        start(route("direct:a", "llm:call", params("keepAlive: \"10m\""))
                + route("direct:b", "llm:call", params("keepAlive: \"-1\"")));
        send("direct:a", "hi");
        JsonNode keep = server.lastRequest("/api/generate").get("keep_alive");
        assertTrue(keep.isTextual());
        assertEquals("10m", keep.asText());
        send("direct:b", "hi");
        keep = server.lastRequest("/api/generate").get("keep_alive");
        assertTrue(keep.isNumber(), "a number of seconds is sent as a JSON number: " + keep);
        assertEquals(-1, keep.asInt());
    }

    @Test
    void jsonSchemaBecomesFormat() throws Exception {
        engine.reply("{\"name\": \"Rex\", \"age\": 3}");
        String schema = "{\\\"type\\\":\\\"object\\\",\\\"properties\\\":{\\\"name\\\":{\\\"type\\\":\\\"string\\\"}}}";
        start(route("direct:a", "llm:chat", params("jsonSchema: \"" + schema + "\"")));
        Exchange ex = send("direct:a", "[{\"role\":\"user\",\"content\":\"a dog\"}]");
        assertNull(ex.getException());
        assertEquals("{\"name\": \"Rex\", \"age\": 3}", ex.getMessage().getBody(String.class));
        JsonNode format = server.lastRequest("/api/chat").get("format");
        assertTrue(format.isObject(), "format is the schema object: " + format);
        assertEquals("object", format.get("type").asText());
        assertEquals("string", format.get("properties").get("name").get("type").asText());
    }

    @Test
    void grammarIsRefusedNamingTheOption() throws Exception {
        start(route("direct:a", "llm:call", params(null)));
        Exchange ex = template.send("direct:a", e -> {
            e.getMessage().setBody("hi");
            e.getMessage().setHeader(LlmConstants.GRAMMAR, "root ::= \"yes\" | \"no\"");
        });
        LlmInvalidRequestException error = cause(ex, LlmInvalidRequestException.class);
        assertTrue(error.getMessage().contains("grammar"), error.getMessage());
        assertEquals(0, server.requestCount("/api/generate"));
    }

    @Test
    void missingModelFailsNamingTheOption() {
        String yaml = route("direct:a", "llm:call", "backend: ollama, baseUrl: \"" + server.baseUrl() + "\"");
        Exception e = assertThrows(Exception.class, () -> start(yaml));
        LlmInvalidRequestException error = cause(e, LlmInvalidRequestException.class);
        assertTrue(error.getMessage().contains("option model"), error.getMessage());
    }

    // ------------------------------------------------------------------------------------------------ failures

    @Test
    void unknownModelIs404NotRetriable() throws Exception {
        start(route(
                "direct:a",
                "llm:call",
                "backend: ollama, baseUrl: \"" + server.baseUrl() + "\", model: nope, maxRetries: 2"));
        Exchange ex = send("direct:a", "hi");
        LlmHttpException error = cause(ex, LlmHttpException.class);
        assertEquals(404, error.getStatusCode());
        assertFalse(error.isRetriable());
        assertEquals("model 'nope' not found, try pulling it first", error.getServerMessage());
        assertEquals(1, server.requestCount("/api/generate"), "a 404 is not retried");
    }

    @Test
    void serverErrorIsRetried() throws Exception {
        server.failNext(OllamaWireServer.Fault.httpError(503, "server busy"));
        start(route("direct:a", "llm:call", params("maxRetries: 1")));
        Exchange ex = send("direct:a", "hi");
        assertNull(ex.getException());
        assertEquals(ANSWER, ex.getMessage().getBody(String.class));
        assertEquals(2, server.requestCount("/api/generate"));
    }

    @Test
    void errorLineMidStreamFailsWithTheServersText() throws Exception {
        server.failNext(OllamaWireServer.Fault.errorAfter(2, "llama runner process has terminated: exit status 2"));
        start(route("direct:a", "llm:call", params(null)));
        Exchange ex = send("direct:a", "hi");
        LlmHttpException error = cause(ex, LlmHttpException.class);
        assertEquals("llama runner process has terminated: exit status 2", error.getServerMessage());
        assertFalse(error.isRetriable());
        assertTrue(error.getMessage().contains("/api/generate"), error.getMessage());
    }

    @Test
    void errorLineMidStreamFailsAStreamingSplit() throws Exception {
        server.failNext(OllamaWireServer.Fault.errorAfter(3, "out of memory"));
        start(route("direct:s", "llm:stream", params(null), SPLIT));
        Exchange ex = send("direct:s", "hi");
        LlmHttpException error = cause(ex, LlmHttpException.class);
        assertEquals("out of memory", error.getServerMessage());
        assertEquals(3, chunks.size());
        assertTrue(chunks.stream().noneMatch(LlmChunk::isLast));
    }

    @Test
    void droppedConnectionMidStreamFailsInsteadOfAShortSuccess() throws Exception {
        server.failNext(OllamaWireServer.Fault.dropAfter(3));
        start(route("direct:a", "llm:chat", params(null)));
        Exchange ex = send("direct:a", "[{\"role\":\"user\",\"content\":\"hi\"}]");
        LlmHttpException error = cause(ex, LlmHttpException.class);
        assertEquals(0, error.getStatusCode());
        assertTrue(
                error.getServerMessage().contains("broke")
                        || error.getServerMessage().contains("ended"),
                error.getMessage());
    }

    @Test
    void droppedConnectionFailsAStreamingSplit() throws Exception {
        server.failNext(OllamaWireServer.Fault.dropAfter(2));
        start(route("direct:s", "llm:stream", params(null), SPLIT));
        Exchange ex = send("direct:s", "hi");
        cause(ex, LlmHttpException.class);
        assertTrue(chunks.stream().noneMatch(LlmChunk::isLast));
    }

    @Test
    void streamEndingWithoutDoneFails() throws Exception {
        server.failNext(OllamaWireServer.Fault.endWithoutDone(4));
        start(route("direct:a", "llm:call", params(null)));
        Exchange ex = send("direct:a", "hi");
        LlmHttpException error = cause(ex, LlmHttpException.class);
        assertTrue(error.getServerMessage().contains("without the final done:true line"), error.getMessage());
    }

    @Test
    void overallTimeoutCancelsTheGeneration() throws Exception {
        engine.endless();
        server.pieceDelayMillis(20);
        start(route("direct:a", "llm:call", params("timeout: 400, maxTokens: -1")));
        long t0 = System.nanoTime();
        Exchange ex = send("direct:a", "hi");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        LlmTimeoutException error = cause(ex, LlmTimeoutException.class);
        assertTrue(error.getMessage().contains("400"), error.getMessage());
        assertTrue(ms < 5_000, "took " + ms + " ms");
        assertTrue(waitFor(() -> server.cancelledGenerations() == 1), "the server saw the client go away");
    }

    @Test
    void stallLongerThanRequestTimeoutFails() throws Exception {
        server.failNext(OllamaWireServer.Fault.stallAfter(2, 3_000));
        start(route("direct:a", "llm:call", params("requestTimeout: 300")));
        long t0 = System.nanoTime();
        Exchange ex = send("direct:a", "hi");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        LlmTimeoutException error = cause(ex, LlmTimeoutException.class);
        assertTrue(error.getMessage().contains("requestTimeout"), error.getMessage());
        assertTrue(ms < 2_500, "took " + ms + " ms");
    }

    @Test
    void slowStartWithinRequestTimeoutSucceeds() throws Exception {
        server.failNext(OllamaWireServer.Fault.slowStart(300));
        start(route("direct:a", "llm:call", params("requestTimeout: 5000")));
        Exchange ex = send("direct:a", "hi");
        assertNull(ex.getException());
        assertEquals(ANSWER, ex.getMessage().getBody(String.class));
    }

    @Test
    void slowStartBeyondRequestTimeoutFails() throws Exception {
        server.failNext(OllamaWireServer.Fault.slowStart(2_000));
        start(route("direct:a", "llm:call", params("requestTimeout: 300")));
        Exchange ex = send("direct:a", "hi");
        cause(ex, LlmTimeoutException.class);
    }

    /**
     * A split step that fails stops a streaming split with stopOnException. Note: Camel 4.18's multicast/splitter then
     * iterates the rest of the body to release its exchanges (MulticastProcessor.doDone) before closing it, so the
     * generation runs on to its end (bounded here by maxTokens); the exchange still fails with the step's error.
     */
    @Test
    void failingSplitStepFailsTheExchange() throws Exception {
        engine.endless();
        String yaml = route(
                "direct:s",
                "llm:stream",
                params("maxTokens: 20, timeout: 20000"),
                "split: {simple: \"${body}\", streaming: true, stopOnException: true, steps: [{process: {ref: collector}}, {process: {ref: stopper}}]}");
        context = new DefaultCamelContext();
        context.getRegistry().bind("collector", (Processor)
                ex -> chunks.add(ex.getMessage().getBody(LlmChunk.class)));
        context.getRegistry().bind("stopper", (Processor) ex -> {
            if (chunks.size() >= 3) {
                throw new IllegalStateException("enough");
            }
        });
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("r.yaml", yaml));
        context.start();
        template = context.createProducerTemplate();
        Exchange ex = send("direct:s", "hi");
        assertInstanceOf(IllegalStateException.class, cause(ex, IllegalStateException.class));
        assertEquals(3, chunks.size());
    }

    static boolean waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }
}
