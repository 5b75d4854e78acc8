package io.github.camelllm.routes.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.camelllm.component.LlmConstants;

/** The list of embedding objects after llm:embed, as floats or as base64 little-endian float32. */
class EmbeddingsResponsesTest {

    @RegisterExtension
    static final TestExchanges EXCHANGES = new TestExchanges();

    private final EmbeddingsResponses responses = new EmbeddingsResponses();

    private static Exchange embedded(Object vectors, String encodingFormat) {
        Exchange e = EXCHANGES.exchange(vectors);
        e.setProperty(OpenAiProperties.MODEL_NAME, "stories");
        e.setProperty(OpenAiProperties.ENCODING_FORMAT, encodingFormat);
        return e;
    }

    @Test
    void oneVectorAsFloats() {
        Exchange e = embedded(new float[] {1.0f, -2.0f, 0.1f}, "float");
        e.getMessage().setHeader(LlmConstants.INPUT_TOKENS, 3);
        responses.embeddings(e);
        assertEquals(200, e.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals("application/json; charset=utf-8", e.getMessage().getHeader(Exchange.CONTENT_TYPE));
        assertEquals(
                "{\"model\":\"stories\",\"object\":\"list\",\"usage\":{\"prompt_tokens\":3,\"total_tokens\":3},"
                        + "\"data\":[{\"embedding\":[1.0,-2.0,0.1],\"index\":0,\"object\":\"embedding\"}]}",
                e.getMessage().getBody());
    }

    @Test
    void severalVectorsAsLittleEndianBase64() {
        Exchange e = embedded(List.of(new float[] {1.0f, -2.0f}, new float[] {0.0f}), "base64");
        responses.embeddings(e);
        // 1.0f is 00 00 80 3F and -2.0f is 00 00 00 C0 in little-endian order
        assertEquals(
                "{\"model\":\"stories\",\"object\":\"list\",\"usage\":{\"prompt_tokens\":0,\"total_tokens\":0},\"data\":["
                        + "{\"embedding\":\"AACAPwAAAMA=\",\"index\":0,\"object\":\"embedding\",\"encoding_format\":\"base64\"},"
                        + "{\"embedding\":\"AAAAAA==\",\"index\":1,\"object\":\"embedding\",\"encoding_format\":\"base64\"}]}",
                e.getMessage().getBody());
    }
}
