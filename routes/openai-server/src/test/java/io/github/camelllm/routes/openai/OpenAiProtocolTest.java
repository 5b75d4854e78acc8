package io.github.camelllm.routes.openai;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.camelllm.component.LlmChunk;
import io.github.camelllm.component.LlmConstants;
import io.github.camelllm.component.LlmContextLengthExceededException;
import io.github.camelllm.component.LlmModelException;
import io.github.camelllm.component.LlmQueueTimeoutException;
import io.github.camelllm.component.LlmTimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Request parsing, error mapping and SSE framing without a server. */
class OpenAiProtocolTest {

    static DefaultCamelContext context;
    final OpenAiProtocol protocol = new OpenAiProtocol();

    @BeforeAll
    static void start() {
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterAll
    static void stop() throws Exception {
        context.close();
    }

    private static Exchange exchange(String body) {
        Exchange e = new DefaultExchange(context);
        e.getMessage().setBody(body);
        return e;
    }

    @Test
    void pathsUnderTheBasePath() {
        assertEquals("/v1/models", OpenAiProtocol.relativePath("/v1/models", "/"));
        assertEquals("/v1/models", OpenAiProtocol.relativePath("/llm/v1/models", "/llm/"));
        assertEquals("/", OpenAiProtocol.relativePath("/llm", "/llm"));
        assertNull(OpenAiProtocol.relativePath("/llmx/v1/models", "/llm"));
        assertEquals("chat", OpenAiProtocol.operation("POST", "/v1/chat/completions"));
        assertEquals("chat", OpenAiProtocol.operation("POST", "/chat/completions/"));
        assertEquals("notFound", OpenAiProtocol.operation("GET", "/v1/chat/completions"));
        assertEquals("health", OpenAiProtocol.operation("GET", "/health"));
        assertEquals("notFound", OpenAiProtocol.operation("GET", null));
    }

    @Test
    void chatRequestBecomesMessagesAndHeaders() {
        Exchange e = exchange("""
                {"messages":[{"role":"user","content":[{"type":"text","text":"Hi "},{"type":"text","text":"there"}]}],
                 "max_completion_tokens":12,"temperature":0.5,"top_p":0.9,"seed":42,"stop":["\\n","END"],"stream":true,
                 "response_format":{"type":"json_object"}}""");
        protocol.parseChat(e);
        assertEquals(List.of(Map.of("role", "user", "content", "Hi there")), e.getMessage().getBody());
        assertEquals(12, e.getMessage().getHeader(LlmConstants.MAX_TOKENS));
        assertEquals(0.5f, e.getMessage().getHeader(LlmConstants.TEMPERATURE));
        assertEquals(0.9f, e.getMessage().getHeader(LlmConstants.TOP_P));
        assertEquals(42, e.getMessage().getHeader(LlmConstants.SEED));
        assertEquals("\n,END", e.getMessage().getHeader(LlmConstants.STOP));
        assertEquals("{\"type\":\"object\"}", e.getMessage().getHeader(LlmConstants.JSON_SCHEMA));
        assertEquals(Boolean.TRUE, e.getProperty(OpenAiProtocol.STREAM));
    }

    @Test
    void completionRequest() {
        Exchange e = exchange("{\"prompt\":[\"[INST] hi\"],\"stop\":\"x\",\"json_schema\":{\"type\":\"string\"},\"stream\":true}");
        protocol.parseCompletion(e);
        // bytes, so that llm:stream does not read a prompt starting with '[' as a conversation
        assertEquals("[INST] hi", new String((byte[]) e.getMessage().getBody(), StandardCharsets.UTF_8));
        assertEquals("x", e.getMessage().getHeader(LlmConstants.STOP));
        assertEquals("{\"type\":\"string\"}", e.getMessage().getHeader(LlmConstants.JSON_SCHEMA));
        assertNull(e.getMessage().getHeader(LlmConstants.MAX_TOKENS));

        Exchange plain = exchange("{\"prompt\":\"Once\",\"max_tokens\":3,\"stop\":null}");
        protocol.parseCompletion(plain);
        assertEquals("Once", plain.getMessage().getBody());
        assertEquals(3, plain.getMessage().getHeader(LlmConstants.MAX_TOKENS));
        assertNull(plain.getMessage().getHeader(LlmConstants.STOP));
    }

    @Test
    void invalidRequests() {
        for (String body : List.of("", "nope", "[]", "{\"prompt\":1}", "{\"prompt\":[\"a\",\"b\"]}", "{\"prompt\":\"a\",\"max_tokens\":1.5}",
                "{\"prompt\":\"a\",\"stop\":\"a,b\"}", "{\"prompt\":\"a\",\"stop\":[1]}", "{\"prompt\":\"a\",\"stream\":\"yes\"}",
                "{\"prompt\":\"a\",\"response_format\":{\"type\":\"xml\"}}",
                "{\"prompt\":\"a\",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{}}}")) {
            OpenAiRequestException ex = assertThrows(OpenAiRequestException.class, () -> protocol.parseCompletion(exchange(body)), body);
            assertEquals(400, ex.getStatus());
            assertEquals("invalid_request_error", ex.getType());
        }
        assertThrows(OpenAiRequestException.class, () -> protocol.parseChat(exchange("{\"messages\":[{\"content\":\"x\"}]}")));
        assertThrows(OpenAiRequestException.class,
                () -> protocol.parseChat(exchange("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]}")));
    }

    @Test
    void errorStatuses() {
        assertEquals(400, OpenAiProtocol.ErrorInfo.of(new LlmContextLengthExceededException(5000, 2048, "shorten")).status());
        OpenAiProtocol.ErrorInfo busy = OpenAiProtocol.ErrorInfo.of(new LlmQueueTimeoutException("busy"));
        assertEquals(503, busy.status());
        assertEquals("unavailable_error", busy.type());
        assertEquals(504, OpenAiProtocol.ErrorInfo.of(new LlmTimeoutException("slow")).status());
        assertEquals(500, OpenAiProtocol.ErrorInfo.of(new LlmModelException("broken")).status());
        assertEquals(500, OpenAiProtocol.ErrorInfo.of(new IllegalStateException()).status());

        Exchange e = exchange("x");
        e.setProperty(Exchange.EXCEPTION_CAUGHT, new LlmQueueTimeoutException("all slots busy"));
        protocol.error(e);
        assertEquals(503, e.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals("1", e.getMessage().getHeader("Retry-After"));
        assertEquals("{\"error\":{\"code\":503,\"message\":\"all slots busy\",\"type\":\"unavailable_error\"}}", e.getMessage().getBody());
    }

    @Test
    void base64IsLittleEndianFloat32() {
        assertEquals("AACAPwAAAMA=", OpenAiProtocol.base64(new float[] { 1.0f, -2.0f }));
    }

    private static String drain(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static SseEventStream completionStream(List<LlmChunk> chunks, int padTo) {
        return new SseEventStream(chunks.iterator(), new OpenAiProtocol.ChunkFormat("cmpl-", "text_completion", "m", false), padTo);
    }

    @Test
    void sseFramingWithoutPadding() throws Exception {
        String sse = drain(completionStream(List.of(LlmChunk.delta("Once", 0), new LlmChunk(" upon", 1, true, "length", 4, 2, 1L, 3L)), 0));
        String[] events = sse.split("\n\n");
        assertEquals(4, events.length, sse);
        assertTrue(sse.endsWith("data: [DONE]\n\n"));
        JsonNode first = TestServer.json(events[0].substring(6));
        assertEquals("Once", first.path("choices").path(0).path("text").asText());
        assertTrue(first.path("choices").path(0).path("finish_reason").isNull());
        JsonNode last = TestServer.json(events[2].substring(6));
        assertEquals("", last.path("choices").path(0).path("text").asText());
        assertEquals("length", last.path("choices").path(0).path("finish_reason").asText());
        assertEquals(6, last.path("usage").path("total_tokens").asInt());
        assertEquals(first.path("id").asText(), last.path("id").asText());
    }

    @Test
    void paddedEventsEndOnTheBufferBoundary() throws Exception {
        SseEventStream stream = completionStream(List.of(LlmChunk.delta("a", 0), LlmChunk.delta("b", 1),
                new LlmChunk("", 2, true, "stop", 1, 2, 1L, 2L)), 64);
        byte[] buffer = new byte[4096];
        int total = 0;
        for (int i = 0; i < 2; i++) {
            // every event, with its padding, is available at once and ends on a multiple of 64... of the padding unit
            int n = 0;
            do {
                n += stream.read(buffer, n, buffer.length - n);
            } while (stream.available() > 0);
            total += n;
            assertEquals(0, total % 64, "event " + i + " ends at " + total);
            String text = new String(buffer, 0, n, StandardCharsets.UTF_8);
            assertTrue(text.startsWith("data: {"), text);
            assertTrue(text.endsWith("\n\n") && text.contains("\n\n:"), text);
        }
        String rest = drain(stream);
        assertTrue(rest.endsWith("data: [DONE]\n\n"), rest);
        assertFalse(rest.contains(":  "), "no padding after the last event");
    }

    @Test
    void failureAfterTheStartIsAnErrorEventWithoutDone() throws Exception {
        java.util.Iterator<LlmChunk> failing = new java.util.Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public LlmChunk next() {
                if (n++ == 0) {
                    return LlmChunk.delta("x", 0);
                }
                throw new LlmTimeoutException("generation timed out");
            }
        };
        String sse = drain(new SseEventStream(failing, new OpenAiProtocol.ChunkFormat("chatcmpl-", "chat.completion.chunk", "m", true), 0));
        String[] events = sse.split("\n\n");
        assertEquals(2, events.length, sse);
        ObjectNode error = (ObjectNode) TestServer.json(events[1].substring(6));
        assertEquals(504, error.path("error").path("code").asInt());
        assertFalse(sse.contains("[DONE]"));
    }
}
