package io.github.camelllm.remote.openai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.camelllm.component.LlmConstants;
import io.github.camelllm.spi.LlmChunk;
import io.github.camelllm.spi.LlmHttpException;
import io.github.camelllm.testing.Fixtures;
import io.github.camelllm.testing.LoopbackServer;

/** Real llama-server b4748 captures served on loopback, read through Camel routes with backend=openai. */
class OpenAiLlamaServerFixturesTest {

    private static final String COMPLETION_TEXT = ", there was a little girl";
    private static final String CHAT_TEXT = "\"Here,\" Annack.\n\"O";
    private static final String MODELS_ID = "/work/steering/shared/models/stories260K.gguf";

    private LoopbackServer server;
    private CamelContext context;
    private ProducerTemplate template;
    /** When set, /v1/completions and /v1/chat/completions answer with this error capture. */
    private final AtomicReference<String> errorFixture = new AtomicReference<>();
    /** When true, generations answer with the non-streamed captures (a server that ignores stream:true). */
    private volatile boolean plain;

    private final AtomicReference<String> embeddingsFixture = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        server = new LoopbackServer()
                .on("/v1/completions", (ex, r, n) -> {
                    if (errorFixture.get() != null) {
                        Fixtures.serveError(ex, errorFixture.get());
                    } else if (plain) {
                        Fixtures.serve(ex, 200, "default_v1_completions.json", "default_v1_chat.headers");
                    } else {
                        Fixtures.serve(ex, 200, "default_v1_completions_stream.sse", "default_v1_chat_stream.headers");
                    }
                })
                .on("/v1/chat/completions", (ex, r, n) -> {
                    if (errorFixture.get() != null) {
                        Fixtures.serveError(ex, errorFixture.get());
                    } else if (plain) {
                        Fixtures.serve(ex, 200, "default_v1_chat.json", "default_v1_chat.headers");
                    } else {
                        Fixtures.serve(ex, 200, "default_v1_chat_stream.sse", "default_v1_chat_stream.headers");
                    }
                })
                .on("/v1/embeddings", (ex, r, n) -> {
                    String fixture = embeddingsFixture.get();
                    if (fixture != null && fixture.startsWith("embeddings_emb_")) {
                        Fixtures.serveError(ex, fixture);
                        return;
                    }
                    boolean batch =
                            Fixtures.MAPPER.readTree(r.body()).path("input").isArray();
                    Fixtures.serve(
                            ex,
                            200,
                            fixture != null
                                    ? fixture
                                    : batch
                                            ? "embeddings_mean_v1_embeddings_batch.json"
                                            : "embeddings_mean_v1_embeddings.json",
                            "default_v1_chat.headers");
                })
                .on(
                        "/v1/models",
                        (ex, r, n) -> Fixtures.serve(ex, 200, "default_models.json", "default_v1_chat.headers"))
                .on("/", (ex, r, n) -> Fixtures.serveError(ex, "default_not_found.json"));
        context = new DefaultCamelContext();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        context.stop();
        server.close();
    }

    private Map<String, Object> params(Object... extra) {
        Map<String, Object> p = new java.util.LinkedHashMap<>();
        p.put("backend", "openai");
        p.put("baseUrl", server.baseUrl());
        p.put("maxRetries", 0);
        p.put("requestTimeout", 5000);
        for (int i = 0; i < extra.length; i += 2) {
            p.put((String) extra[i], extra[i + 1]);
        }
        return p;
    }

    private void route(String from, String operation, Map<String, Object> params) throws Exception {
        Fixtures.load(context, Fixtures.route(from.replace(':', '-'), from, operation, params));
        context.start();
    }

    private JsonNode lastBody() throws Exception {
        return Fixtures.MAPPER.readTree(server.last().body());
    }

    @Test
    void callStreamsTheCompletionCapture() throws Exception {
        route("direct:call", "call", params("model", "stories260K", "temperature", 0, "maxTokens", 8));
        Exchange ex = template.request("direct:call", e -> e.getMessage().setBody("Once upon a time"));
        assertNull(ex.getException());
        Message out = ex.getMessage();
        assertEquals(COMPLETION_TEXT, out.getBody(String.class));
        assertEquals(5, out.getHeader(LlmConstants.INPUT_TOKENS));
        assertEquals(8, out.getHeader(LlmConstants.OUTPUT_TOKENS));
        assertEquals("length", out.getHeader(LlmConstants.FINISH_REASON));
        assertEquals("openai", out.getHeader(LlmConstants.BACKEND));
        assertEquals("stories260K", out.getHeader(LlmConstants.MODEL));
        assertNotNull(out.getHeader(LlmConstants.TIME_TO_FIRST_TOKEN_MS));
        assertNotNull(out.getHeader(LlmConstants.GENERATION_MS));

        JsonNode sent = lastBody();
        assertEquals("/v1/completions", server.last().path());
        assertEquals("stories260K", sent.get("model").asText());
        assertEquals("Once upon a time", sent.get("prompt").asText());
        assertEquals(8, sent.get("max_tokens").asInt());
        assertEquals(0.0, sent.get("temperature").asDouble());
        assertEquals(0.95, sent.get("top_p").asDouble(), 1e-6);
        assertTrue(sent.get("stream").asBoolean());
        assertTrue(sent.path("stream_options").path("include_usage").asBoolean());
        // llama.cpp-only fields stay out at their defaults, so that api.openai.com accepts the request
        assertFalse(sent.has("top_k"));
        assertFalse(sent.has("min_p"));
        assertFalse(sent.has("repeat_penalty"));
        assertFalse(sent.has("seed"));
        assertFalse(sent.has("stop"));
        assertFalse(sent.has("grammar"));
        assertFalse(sent.has("json_schema"));
        assertEquals("application/json", server.last().header("Content-Type"));
        assertNull(server.last().header("Authorization"));
    }

    @Test
    void callWithoutModelReportsTheEchoedModelAndSendsNone() throws Exception {
        route("direct:call", "call", params());
        Exchange ex = template.request("direct:call", e -> e.getMessage().setBody("Once upon a time"));
        assertNull(ex.getException());
        assertEquals(COMPLETION_TEXT, ex.getMessage().getBody(String.class));
        assertEquals("gpt-3.5-turbo", ex.getMessage().getHeader(LlmConstants.MODEL));
        assertFalse(lastBody().has("model"));
    }

    @Test
    void changedLlamaCppSamplingIsSent() throws Exception {
        route(
                "direct:call",
                "call",
                params(
                        "model",
                        "m",
                        "topK",
                        10,
                        "minP",
                        0.1,
                        "repeatPenalty",
                        1.1,
                        "seed",
                        42,
                        "stop",
                        "\\n,END",
                        "maxTokens",
                        -1));
        Exchange ex = template.request("direct:call", e -> e.getMessage().setBody("hi"));
        assertNull(ex.getException());
        JsonNode sent = lastBody();
        assertEquals(10, sent.get("top_k").asInt());
        assertEquals(0.1, sent.get("min_p").asDouble(), 1e-6);
        assertEquals(1.1, sent.get("repeat_penalty").asDouble(), 1e-6);
        assertEquals(42, sent.get("seed").asInt());
        assertEquals(2, sent.get("stop").size());
        assertEquals("END", sent.get("stop").get(1).asText());
        assertFalse(sent.has("max_tokens"), "maxTokens=-1 leaves the limit to the server");
    }

    @Test
    void chatStreamsTheChatCapture() throws Exception {
        route("direct:chat", "chat", params("model", "stories260K", "systemMessage", "Be brief."));
        Exchange ex = template.request(
                "direct:chat", e -> e.getMessage().setBody("[{\"role\":\"user\",\"content\":\"Hello\"}]"));
        assertNull(ex.getException());
        Message out = ex.getMessage();
        assertEquals(CHAT_TEXT, out.getBody(String.class));
        assertEquals(56, out.getHeader(LlmConstants.INPUT_TOKENS));
        assertEquals(16, out.getHeader(LlmConstants.OUTPUT_TOKENS));
        assertEquals("length", out.getHeader(LlmConstants.FINISH_REASON));

        JsonNode sent = lastBody();
        assertEquals("/v1/chat/completions", server.last().path());
        assertEquals(2, sent.get("messages").size());
        assertEquals("system", sent.get("messages").get(0).get("role").asText());
        assertEquals("Be brief.", sent.get("messages").get(0).get("content").asText());
        assertEquals("user", sent.get("messages").get(1).get("role").asText());
        assertEquals("Hello", sent.get("messages").get(1).get("content").asText());
        assertFalse(sent.has("prompt"));
    }

    @Test
    void nonStreamedRepliesAreAcceptedToo() throws Exception {
        plain = true;
        route("direct:call", "call", params("model", "m"));
        Fixtures.load(context, Fixtures.route("chat", "direct:chat", "chat", params("model", "m")));
        Exchange call = template.request("direct:call", e -> e.getMessage().setBody("Once upon a time"));
        assertNull(call.getException());
        assertEquals(
                ", there was a little girl named Lily. She loved to play outside in the park. One day, she saw",
                call.getMessage().getBody(String.class));
        assertEquals(5, call.getMessage().getHeader(LlmConstants.INPUT_TOKENS));
        assertEquals(32, call.getMessage().getHeader(LlmConstants.OUTPUT_TOKENS));
        assertEquals("length", call.getMessage().getHeader(LlmConstants.FINISH_REASON));
        Exchange chat = template.request(
                "direct:chat", e -> e.getMessage().setBody(List.of(Map.of("role", "user", "content", "Hi"))));
        assertNull(chat.getException());
        assertEquals(
                "\"Here!\" Asked Jacky.\nThey decide to see all the",
                chat.getMessage().getBody(String.class));
        assertEquals(92, chat.getMessage().getHeader(LlmConstants.INPUT_TOKENS));
        assertEquals(32, chat.getMessage().getHeader(LlmConstants.OUTPUT_TOKENS));
    }

    @Test
    void streamSplitDeliversEveryDeltaAndAFinalChunk() throws Exception {
        List<LlmChunk> chunks = new CopyOnWriteArrayList<>();
        List<Object> models = new CopyOnWriteArrayList<>();
        context.getRegistry().bind("collector", (Processor) e -> {
            chunks.add(e.getMessage().getBody(LlmChunk.class));
            models.add(e.getMessage().getHeader(LlmConstants.MODEL));
        });
        String yaml = Fixtures.route("stream", "direct:stream", "stream", params())
                + "        - split:\n"
                + "            simple: \"${body}\"\n"
                + "            streaming: true\n"
                + "            steps:\n"
                + "              - process:\n"
                + "                  ref: collector\n";
        Fixtures.load(context, yaml);
        context.start();
        Exchange ex = template.request("direct:stream", e -> e.getMessage().setBody("Once upon a time"));
        assertNull(ex.getException());
        assertEquals(9, chunks.size());
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < chunks.size(); i++) {
            LlmChunk c = chunks.get(i);
            assertEquals(i, c.getIndex());
            assertEquals(i == 8, c.isLast());
            text.append(c.getText());
        }
        assertEquals(COMPLETION_TEXT, text.toString());
        assertEquals(" there", chunks.get(1).getText());
        LlmChunk last = chunks.get(8);
        assertEquals("", last.getText());
        assertEquals("length", last.getFinishReason());
        assertEquals(5, last.getInputTokens());
        assertEquals(8, last.getOutputTokens());
        assertNotNull(last.getTimeToFirstTokenMs());
        assertTrue(last.getGenerationMs() >= last.getTimeToFirstTokenMs());
        assertNull(chunks.get(0).getFinishReason());
        // no model configured and none echoed yet when the stream starts: the first entry of GET /v1/models
        assertEquals(MODELS_ID, models.get(0));
        assertEquals(1, server.count("/v1/models"));
    }

    @Test
    void embedSingleAndBatch() throws Exception {
        route("direct:embed", "embed", params("model", "m"));
        Exchange one = template.request("direct:embed", e -> e.getMessage().setBody("Once upon a time"));
        assertNull(one.getException());
        float[] v = one.getMessage().getBody(float[].class);
        assertEquals(64, v.length);
        assertEquals(-0.016423145309090614f, v[0], 1e-6f);
        assertEquals(5, one.getMessage().getHeader(LlmConstants.INPUT_TOKENS));
        JsonNode sent = lastBody();
        assertEquals("Once upon a time", sent.get("input").asText());
        assertEquals("float", sent.get("encoding_format").asText());
        assertEquals("m", sent.get("model").asText());

        Exchange batch =
                template.request("direct:embed", e -> e.getMessage().setBody(List.of("Once upon a time", "The end")));
        assertNull(batch.getException());
        @SuppressWarnings("unchecked")
        List<float[]> vs = batch.getMessage().getBody(List.class);
        assertEquals(2, vs.size());
        assertArrayEquals(v, vs.get(0), 1e-6f);
        assertEquals(64, vs.get(1).length);
        assertEquals(11, batch.getMessage().getHeader(LlmConstants.INPUT_TOKENS));
        assertEquals(2, lastBody().get("input").size());
    }

    @Test
    void base64EmbeddingDecodesToTheFloatVersion() throws Exception {
        route("direct:embed", "embed", params("model", "m", "normalize", false));
        Exchange floats = template.request("direct:embed", e -> e.getMessage().setBody("Once upon a time"));
        embeddingsFixture.set("embeddings_mean_v1_embeddings_b64.json");
        Exchange b64 = template.request("direct:embed", e -> e.getMessage().setBody("Once upon a time"));
        assertNull(floats.getException());
        assertNull(b64.getException());
        float[] expected = floats.getMessage().getBody(float[].class);
        float[] decoded = b64.getMessage().getBody(float[].class);
        assertArrayEquals(expected, decoded, 0f);
        // and the decoding is little-endian float32, checked independently
        String raw = Fixtures.MAPPER
                .readTree(Fixtures.text("embeddings_mean_v1_embeddings_b64.json"))
                .at("/data/0/embedding")
                .asText();
        float first = ByteBuffer.wrap(Base64.getDecoder().decode(raw))
                .order(ByteOrder.LITTLE_ENDIAN)
                .getFloat();
        assertEquals(first, decoded[0]);
    }

    @Test
    void serverErrorCapturesBecomeHttpExceptionsWithTheServersMessage() throws Exception {
        route("direct:call", "call", params("model", "m", "maxRetries", 2));
        errorFixture.set("default_bad_json.json");
        LlmHttpException e = Fixtures.failure(
                template.request("direct:call", x -> x.getMessage().setBody("hi")), LlmHttpException.class);
        assertEquals(500, e.getStatusCode());
        assertTrue(e.isRetriable());
        assertTrue(
                e.getServerMessage().startsWith("[json.exception.parse_error.101] parse error at line 1, column 11"),
                e.getServerMessage());
        assertTrue(e.getMessage().contains(server.baseUrl() + "/completions"), e.getMessage());
        assertEquals(3, server.count("/v1/completions"), "500 is retried maxRetries times");

        errorFixture.set("default_missing_prompt.json");
        e = Fixtures.failure(
                template.request("direct:call", x -> x.getMessage().setBody("hi")), LlmHttpException.class);
        assertEquals("\"prompt\" is required", e.getServerMessage());
        assertEquals(500, e.getStatusCode());
    }

    @Test
    void notFoundCaptureIsNotRetried() throws Exception {
        Map<String, Object> p = params("model", "m", "maxRetries", 2);
        p.put("baseUrl", "http://127.0.0.1:" + server.port() + "/wrong/v1");
        route("direct:call", "call", p);
        LlmHttpException e = Fixtures.failure(
                template.request("direct:call", x -> x.getMessage().setBody("hi")), LlmHttpException.class);
        assertEquals(404, e.getStatusCode());
        assertEquals("File Not Found", e.getServerMessage());
        assertFalse(e.isRetriable());
        assertEquals(1, server.count("/"));
    }

    @Test
    void embeddingServerErrorCaptures() throws Exception {
        route("direct:embed", "embed", params("model", "m", "maxRetries", 2));
        embeddingsFixture.set("embeddings_emb_v1_embeddings.json");
        LlmHttpException e = Fixtures.failure(
                template.request("direct:embed", x -> x.getMessage().setBody("hi")), LlmHttpException.class);
        assertEquals(400, e.getStatusCode());
        assertEquals(
                "Pooling type 'none' is not OAI compatible. Please use a different pooling type", e.getServerMessage());
        assertFalse(e.isRetriable());
        assertEquals(1, server.count("/v1/embeddings"));

        // llama-server started with --embeddings refuses completions with 501: permanent, so not retried
        Fixtures.load(context, Fixtures.route("call", "direct:call", "call", params("model", "m", "maxRetries", 2)));
        errorFixture.set("embeddings_emb_v1_completions.json");
        e = Fixtures.failure(
                template.request("direct:call", x -> x.getMessage().setBody("hi")), LlmHttpException.class);
        assertEquals(501, e.getStatusCode());
        assertEquals("This server does not support completions. Start it without `--embeddings`", e.getServerMessage());
        assertFalse(e.isRetriable());
        assertEquals(1, server.count("/v1/completions"));
        assertInstanceOf(LlmHttpException.class, e);
    }
}
