package io.github.camelllm.remote.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.camelllm.component.BackendSpecs;
import io.github.camelllm.component.LlmConfiguration;
import io.github.camelllm.component.TestRuntime;
import io.github.camelllm.spi.GenerationStream;
import io.github.camelllm.testing.Fixtures;
import io.github.camelllm.testing.LoopbackServer;

/** Constrained output fields, and keep-alive comments, against a loopback server answering JSON text. */
@Timeout(20)
class OpenAiRequestFieldsTest {

    private static final String SCHEMA =
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}},\"required\":[\"a\"]}";
    private LoopbackServer server;
    private CamelContext context;

    @BeforeEach
    void start() {
        String answer = String.format(OpenAiFaultTest.DELTA, "{\\\"a\\\":")
                + String.format(OpenAiFaultTest.DELTA, "1}")
                + OpenAiFaultTest.FINAL;
        String completion =
                "data: {\"choices\":[{\"index\":0,\"text\":\"{\\\"a\\\":1}\",\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
        server = new LoopbackServer()
                .on("/v1/chat/completions", (ex, r, n) -> LoopbackServer.send(ex, 200, "text/event-stream", answer))
                .on("/v1/completions", (ex, r, n) -> LoopbackServer.send(ex, 200, "text/event-stream", completion));
        context = new DefaultCamelContext();
    }

    @AfterEach
    void stop() {
        context.stop();
        server.close();
    }

    private Exchange send(String operation, Object body, Object... options) throws Exception {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("backend", "openai");
        p.put("baseUrl", server.baseUrl());
        p.put("model", "m");
        for (int i = 0; i < options.length; i += 2) {
            p.put((String) options[i], options[i + 1]);
        }
        String id = operation + context.getRoutes().size();
        Fixtures.load(context, Fixtures.route(id, "direct:" + id, operation, p));
        context.start();
        return context.createProducerTemplate()
                .request("direct:" + id, e -> e.getMessage().setBody(body));
    }

    private JsonNode sent() throws Exception {
        return Fixtures.MAPPER.readTree(server.last().body());
    }

    @Test
    void chatJsonSchemaUsesResponseFormat() throws Exception {
        Exchange ex = send(
                "chat", "[{\"role\":\"user\",\"content\":\"give a\"}]", "jsonSchema", SCHEMA, "chatTemplate", "chatml");
        assertNull(ex.getException());
        assertEquals("{\"a\":1}", ex.getMessage().getBody(String.class));
        JsonNode format = sent().get("response_format");
        assertEquals("json_schema", format.get("type").asText());
        assertEquals("output", format.at("/json_schema/name").asText());
        assertTrue(format.at("/json_schema/strict").asBoolean());
        assertEquals(Fixtures.MAPPER.readTree(SCHEMA), format.at("/json_schema/schema"));
        assertFalse(sent().has("json_schema"));
        assertFalse(sent().has("chat_template"), "chatTemplate does not apply remotely");
    }

    @Test
    void callJsonSchemaUsesLlamaServersField() throws Exception {
        Exchange ex = send("call", "give a", "jsonSchema", SCHEMA);
        assertNull(ex.getException());
        assertEquals("{\"a\":1}", ex.getMessage().getBody(String.class));
        assertEquals(Fixtures.MAPPER.readTree(SCHEMA), sent().get("json_schema"));
        assertFalse(sent().has("response_format"));
    }

    @Test
    void grammarIsSentAsIs() throws Exception {
        String grammar = "root ::= \"{\\\"a\\\":1}\"";
        Exchange ex = send("call", "give a", "grammar", grammar);
        assertNull(ex.getException());
        assertEquals(grammar, sent().get("grammar").asText());
    }

    @Test
    void keepAliveCommentsAreNotAStall() {
        try (LoopbackServer s = new LoopbackServer().on("/v1/chat/completions", (ex, r, n) -> {
            OutputStream out = LoopbackServer.startSse(ex);
            for (int i = 0; i < 8; i++) {
                LoopbackServer.write(out, ": keep-alive\n\n");
                Thread.sleep(100);
            }
            LoopbackServer.write(out, OpenAiFaultTest.sse("ok"));
        })) {
            LlmConfiguration c = new LlmConfiguration();
            c.setBaseUrl(s.baseUrl());
            c.setRequestTimeout(400);
            try (OpenAiBackend b = OpenAiBackendFactory.create(BackendSpecs.remote(c), null, TestRuntime.context())) {
                GenerationStream stream = b.generate(OpenAiFaultTest.chat(0));
                assertEquals("ok", OpenAiFaultTest.drain(stream));
            }
        }
    }
}
