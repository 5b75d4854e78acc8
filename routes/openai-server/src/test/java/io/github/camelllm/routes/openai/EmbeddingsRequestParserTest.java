package io.github.camelllm.routes.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** POST /v1/embeddings bodies to the input of llm:embed and the encoding the response will use. */
class EmbeddingsRequestParserTest {

    @RegisterExtension
    static final TestExchanges EXCHANGES = new TestExchanges();

    private final EmbeddingsRequestParser parser = new EmbeddingsRequestParser();

    private Exchange parse(String body) {
        Exchange e = EXCHANGES.exchange(body);
        parser.parse(e);
        return e;
    }

    @Test
    void singleStringAsFloats() {
        Exchange e = parse("{\"input\":\"Once upon a time\",\"model\":\"x\"}");
        assertEquals("Once upon a time", e.getMessage().getBody());
        assertEquals("float", e.getProperty(OpenAiProperties.ENCODING_FORMAT));
        assertEquals(Boolean.TRUE, e.getProperty(OpenAiProperties.SINGLE_INPUT));
    }

    @Test
    void severalStringsAsBase64() {
        Exchange e = parse("{\"input\":[\"a\",\"b c\"],\"encoding_format\":\"BASE64\"}");
        assertEquals(List.of("a", "b c"), e.getMessage().getBody());
        assertEquals("base64", e.getProperty(OpenAiProperties.ENCODING_FORMAT));
        assertEquals(Boolean.FALSE, e.getProperty(OpenAiProperties.SINGLE_INPUT));
        assertEquals(
                "float",
                parse("{\"input\":\"a\",\"encoding_format\":null}").getProperty(OpenAiProperties.ENCODING_FORMAT));
    }

    @Test
    void invalidRequests() {
        String[][] cases = {
            {"{}", "\"input\" is required"},
            {"{\"input\":null}", "\"input\" is required"},
            {"{\"input\":[]}", "\"input\" must be a string or a non-empty array of strings"},
            {"{\"input\":7}", "\"input\" must be a string or a non-empty array of strings"},
            {"{\"input\":[\"a\",[1,2]]}", "input[1] must be a string (token arrays are not supported)"},
            {"{\"input\":\"a\",\"encoding_format\":\"int8\"}", "\"encoding_format\" must be float or base64"},
            {"{\"input\":\"a\",\"encoding_format\":1}", "\"encoding_format\" must be float or base64"},
        };
        for (String[] c : cases) {
            OpenAiRequestException e = assertThrows(OpenAiRequestException.class, () -> parse(c[0]), c[0]);
            assertEquals(400, e.getStatus(), c[0]);
            assertEquals(c[1], e.getMessage(), c[0]);
        }
    }
}
