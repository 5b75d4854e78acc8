package io.github.camelllm.routes.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.camelllm.component.LlmConstants;

/** POST /v1/completions bodies to the prompt, headers and stream flag of llm:call / llm:stream. */
class CompletionRequestParserTest {

    @RegisterExtension
    static final TestExchanges EXCHANGES = new TestExchanges();

    private final CompletionRequestParser parser = new CompletionRequestParser();

    private Exchange parse(String body) {
        Exchange e = EXCHANGES.exchange(body);
        parser.parse(e);
        return e;
    }

    @Test
    void streamedPromptIsBytes() {
        Exchange e = parse(
                "{\"prompt\":[\"[INST] hi\"],\"stop\":\"x\",\"json_schema\":{\"type\":\"string\"},\"stream\":true}");
        // bytes, so that llm:stream does not read a prompt starting with '[' as a conversation
        assertEquals("[INST] hi", new String((byte[]) e.getMessage().getBody(), StandardCharsets.UTF_8));
        assertEquals("x", e.getMessage().getHeader(LlmConstants.STOP));
        assertEquals("{\"type\":\"string\"}", e.getMessage().getHeader(LlmConstants.JSON_SCHEMA));
        assertNull(e.getMessage().getHeader(LlmConstants.MAX_TOKENS));
        assertEquals(Boolean.TRUE, e.getProperty(OpenAiProperties.STREAM));
        assertEquals("UTF-8", e.getProperty(Exchange.CHARSET_NAME));
    }

    @Test
    void plainPromptIsAString() {
        Exchange e = parse("{\"prompt\":\"Once\",\"max_tokens\":3,\"stop\":null,\"max_completion_tokens\":99}");
        assertEquals("Once", e.getMessage().getBody());
        // max_completion_tokens belongs to chat completions only
        assertEquals(3, e.getMessage().getHeader(LlmConstants.MAX_TOKENS));
        assertNull(e.getMessage().getHeader(LlmConstants.STOP));
        assertEquals(Boolean.FALSE, e.getProperty(OpenAiProperties.STREAM));
    }

    @Test
    void invalidRequests() {
        String[][] cases = {
            {"", "the request body is empty: expected a JSON object"},
            {"[]", "the request body must be a JSON object"},
            {"{}", "\"prompt\" is required"},
            {"{\"prompt\":null}", "\"prompt\" is required"},
            {"{\"prompt\":1}", "\"prompt\" must be a string (or an array of exactly one string)"},
            {"{\"prompt\":[\"a\",\"b\"]}", "\"prompt\" must be a string (or an array of exactly one string)"},
            {"{\"prompt\":\"a\",\"max_tokens\":1.5}", "\"max_tokens\" must be an integer"},
            {"{\"prompt\":\"a\",\"temperature\":\"hot\"}", "\"temperature\" must be a number"},
            {"{\"prompt\":\"a\",\"stream\":\"yes\"}", "\"stream\" must be a boolean"},
            {"{\"prompt\":\"a\",\"n\":2}", "only n=1 is supported"},
        };
        for (String[] c : cases) {
            OpenAiRequestException e = assertThrows(OpenAiRequestException.class, () -> parse(c[0]), c[0]);
            assertEquals(400, e.getStatus(), c[0]);
            assertEquals("invalid_request_error", e.getType(), c[0]);
            assertEquals(c[1], e.getMessage(), c[0]);
        }
        OpenAiRequestException notJson = assertThrows(OpenAiRequestException.class, () -> parse("nope"));
        assertEquals(
                "the request body is not valid JSON: Unrecognized token 'nope': was expecting (JSON String, Number, Array, Object or "
                        + "token 'null', 'true' or 'false')",
                notJson.getMessage());
    }
}
