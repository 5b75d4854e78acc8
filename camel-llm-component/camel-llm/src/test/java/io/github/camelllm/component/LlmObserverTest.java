package io.github.camelllm.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.camelllm.spi.LlmCallInfo;
import io.github.camelllm.spi.LlmHttpException;
import io.github.camelllm.spi.LlmObserver;
import io.github.camelllm.testing.Fixtures;
import io.github.camelllm.testing.LoopbackServer;

/** LlmObservers bound in the registry see every call, chat, stream and embed request, served by llama-server captures. */
class LlmObserverTest {

    private LoopbackServer server;
    private CamelContext context;
    private ProducerTemplate template;
    private volatile boolean fail;
    private final List<LlmCallInfo> generations = new CopyOnWriteArrayList<>();
    private final List<LlmCallInfo> embeddings = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = new LoopbackServer()
                .on("/v1/completions", (ex, r, n) -> {
                    if (fail) {
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
        context = new DefaultCamelContext();
        // a failing observer, bound first and second: neither order lets it fail the exchange or hide the others
        context.getRegistry().bind("broken", new LlmObserver() {
            @Override
            public void onGeneration(LlmCallInfo info) {
                throw new IllegalStateException("observer broken");
            }

            @Override
            public void onEmbedding(LlmCallInfo info) {
                throw new IllegalStateException("observer broken");
            }
        });
        context.getRegistry().bind("recorder", new LlmObserver() {
            @Override
            public void onGeneration(LlmCallInfo info) {
                generations.add(info);
            }

            @Override
            public void onEmbedding(LlmCallInfo info) {
                embeddings.add(info);
            }
        });
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        context.stop();
        server.close();
    }

    private Map<String, Object> params() {
        return Map.of(
                "backend",
                "openai",
                "baseUrl",
                server.baseUrl(),
                "maxRetries",
                0,
                "requestTimeout",
                5000,
                "model",
                "stories260K");
    }

    private void routes() throws Exception {
        Fixtures.load(
                context,
                Fixtures.route("call", "direct:call", "call", params())
                        + Fixtures.route("chat", "direct:chat", "chat", params())
                        + Fixtures.route("embed", "direct:embed", "embed", params())
                        + Fixtures.route("stream", "direct:stream", "stream", params())
                        + "        - split:\n"
                        + "            simple: \"${body}\"\n"
                        + "            streaming: true\n"
                        + "            steps:\n"
                        + "              - log: \"${body.text}\"\n");
        context.start();
    }

    @Test
    void callChatStreamAndEmbedAreObserved() throws Exception {
        routes();
        Exchange call = template.request("direct:call", e -> e.getMessage().setBody("Once upon a time"));
        assertNull(call.getException(), "a throwing observer does not fail the exchange");
        assertEquals(", there was a little girl", call.getMessage().getBody(String.class));
        assertEquals(1, generations.size());
        LlmCallInfo info = generations.get(0);
        assertEquals("call", info.operation());
        assertEquals("text_completion", info.genAiOperationName());
        assertEquals("openai", info.provider());
        assertEquals("stories260K", info.model());
        assertEquals(5, info.inputTokens());
        assertEquals(8, info.outputTokens());
        assertEquals("length", info.finishReason());
        assertNotNull(info.timeToFirstTokenMs());
        assertTrue(info.durationMs() >= 0);
        assertNull(info.errorType());

        Exchange chat = template.request(
                "direct:chat", e -> e.getMessage().setBody("[{\"role\":\"user\",\"content\":\"Hello\"}]"));
        assertNull(chat.getException());
        info = generations.get(1);
        assertEquals("chat", info.operation());
        assertEquals("chat", info.genAiOperationName());
        assertEquals(56, info.inputTokens());
        assertEquals(16, info.outputTokens());

        Exchange stream = template.request("direct:stream", e -> e.getMessage().setBody("Once upon a time"));
        assertNull(stream.getException());
        assertEquals(3, generations.size(), "the stream is reported once: " + generations);
        info = generations.get(2);
        assertEquals("stream", info.operation());
        assertEquals("chat", info.genAiOperationName());
        assertEquals(5, info.inputTokens());
        assertEquals(8, info.outputTokens());
        assertEquals("length", info.finishReason());
        assertNull(info.errorType());

        Exchange embed = template.request("direct:embed", e -> e.getMessage().setBody("hello world"));
        assertNull(embed.getException());
        assertEquals(1, embeddings.size());
        info = embeddings.get(0);
        assertEquals("embed", info.operation());
        assertEquals("embeddings", info.genAiOperationName());
        assertEquals("openai", info.provider());
        assertEquals(5, info.inputTokens());
        assertNull(info.outputTokens());
        assertNull(info.errorType());
        assertEquals(3, generations.size());
    }

    @Test
    void contentGoesOnlyToObserversThatAskForIt() throws Exception {
        List<LlmCallInfo> withContent = new CopyOnWriteArrayList<>();
        context.getRegistry().bind("contentRecorder", new LlmObserver() {
            @Override
            public boolean recordsContent() {
                return true;
            }

            @Override
            public void onGeneration(LlmCallInfo info) {
                withContent.add(info);
            }
        });
        routes();
        template.requestBody("direct:call", "Once upon a time", String.class);
        template.requestBody("direct:chat", "[{\"role\":\"user\",\"content\":\"Hello\"}]", String.class);
        template.requestBody("direct:stream", "Once upon a time");

        assertEquals(3, withContent.size(), withContent.toString());
        assertEquals("Once upon a time", withContent.get(0).input());
        assertEquals(", there was a little girl", withContent.get(0).output());
        assertEquals(
                "[{\"role\":\"user\",\"content\":\"Hello\"}]",
                withContent.get(1).input());
        assertTrue(
                withContent.get(1).output() != null
                        && !withContent.get(1).output().isEmpty(),
                withContent.get(1).toString());
        assertEquals("Once upon a time", withContent.get(2).input());
        assertEquals(", there was a little girl", withContent.get(2).output(), "the streamed text, put together");

        assertEquals(3, generations.size());
        for (LlmCallInfo info : generations) {
            assertNull(info.input(), "an observer that does not ask gets no content: " + info);
            assertNull(info.output(), "an observer that does not ask gets no content: " + info);
        }
    }

    @Test
    void failuresAreObservedWithTheirType() throws Exception {
        routes();
        fail = true;
        Exchange call = template.request("direct:call", e -> e.getMessage().setBody("hi"));
        Fixtures.failure(call, LlmHttpException.class);
        assertEquals(1, generations.size());
        LlmCallInfo info = generations.get(0);
        assertEquals(LlmHttpException.class.getName(), info.errorType());
        assertTrue(info.failed());
        assertEquals("openai", info.provider());
        assertNull(info.outputTokens());
    }
}
