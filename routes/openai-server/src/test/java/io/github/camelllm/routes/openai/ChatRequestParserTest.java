package io.github.camelllm.routes.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.camelllm.component.LlmConstants;

/** POST /v1/chat/completions bodies to the messages, headers and stream flag of llm:chat / llm:stream. */
class ChatRequestParserTest {

    @RegisterExtension
    static final TestExchanges EXCHANGES = new TestExchanges();

    private final ChatRequestParser parser = new ChatRequestParser();

    private Exchange parse(String body) {
        Exchange e = EXCHANGES.exchange(body);
        parser.parse(e);
        return e;
    }

    private String error(String body) {
        OpenAiRequestException e = assertThrows(OpenAiRequestException.class, () -> parse(body), body);
        assertEquals(400, e.getStatus());
        assertEquals("invalid_request_error", e.getType());
        return e.getMessage();
    }

    @Test
    void messagesAndOptionsBecomeBodyAndHeaders() {
        Exchange e = parse("""
                {"messages":[{"role":"user","content":[{"type":"text","text":"Hi "},{"type":"text","text":"there"}]}],
                 "max_completion_tokens":12,"temperature":0.5,"top_p":0.9,"seed":42,"stop":["\\n","END"],"stream":true,
                 "response_format":{"type":"json_object"}}""");
        assertEquals(
                List.of(Map.of("role", "user", "content", "Hi there")),
                e.getMessage().getBody());
        assertEquals(12, e.getMessage().getHeader(LlmConstants.MAX_TOKENS));
        assertEquals(0.5f, e.getMessage().getHeader(LlmConstants.TEMPERATURE));
        assertEquals(0.9f, e.getMessage().getHeader(LlmConstants.TOP_P));
        assertEquals(42, e.getMessage().getHeader(LlmConstants.SEED));
        assertEquals("\n,END", e.getMessage().getHeader(LlmConstants.STOP));
        assertEquals("{\"type\":\"object\"}", e.getMessage().getHeader(LlmConstants.JSON_SCHEMA));
        assertEquals(Boolean.TRUE, e.getProperty(OpenAiProperties.STREAM));
    }

    @Test
    void conversationKeepsItsOrderAndMissingContentIsEmpty() {
        Exchange e = parse("""
                {"model":"ignored","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"},
                 {"role":"assistant","content":null},{"role":"user"}],"max_tokens":7,"stream":false}""");
        assertEquals(
                List.of(
                        Map.of("role", "system", "content", "Be brief."),
                        Map.of("role", "user", "content", "Hi"),
                        Map.of("role", "assistant", "content", ""),
                        Map.of("role", "user", "content", "")),
                e.getMessage().getBody());
        assertEquals(7, e.getMessage().getHeader(LlmConstants.MAX_TOKENS));
        assertEquals(Boolean.FALSE, e.getProperty(OpenAiProperties.STREAM));
        assertNull(e.getMessage().getHeader(LlmConstants.JSON_SCHEMA));
    }

    @Test
    void maxCompletionTokensWinsOverMaxTokens() {
        Exchange e = parse(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":5,\"max_completion_tokens\":9}");
        assertEquals(9, e.getMessage().getHeader(LlmConstants.MAX_TOKENS));
        Exchange nullCompletion = parse(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":5,\"max_completion_tokens\":null}");
        assertEquals(5, nullCompletion.getMessage().getHeader(LlmConstants.MAX_TOKENS));
    }

    @Test
    void invalidMessages() {
        assertEquals("the request body is empty: expected a JSON object", error(""));
        assertEquals("the request body must be a JSON object", error("[{\"role\":\"user\"}]"));
        assertEquals("\"messages\" is required", error("{\"prompt\":\"x\"}"));
        assertEquals("\"messages\" must be a non-empty array", error("{\"messages\":[]}"));
        assertEquals("\"messages\" must be a non-empty array", error("{\"messages\":\"hi\"}"));
        assertEquals(
                "messages[0] must be an object with a string \"role\"", error("{\"messages\":[{\"content\":\"x\"}]}"));
        assertEquals(
                "messages[1] must be an object with a string \"role\"",
                error("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},\"hello\"]}"));
        assertEquals(
                "messages[0].content: only parts of type text are supported",
                error("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]}"));
        assertEquals(
                "messages[0].content must be a string or an array of text parts",
                error("{\"messages\":[{\"role\":\"user\",\"content\":{\"text\":\"x\"}}]}"));
        assertEquals(
                "\"max_tokens\" must be an integer",
                error("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_completion_tokens\":\"8\"}"));
        assertEquals(
                "\"stream\" must be a boolean",
                error("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":1}"));
    }
}
