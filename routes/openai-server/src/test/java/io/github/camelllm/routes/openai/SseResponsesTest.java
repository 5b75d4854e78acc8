package io.github.camelllm.routes.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.camel.Exchange;
import org.apache.camel.util.IOHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The padding unit of streamed events, from the ssePadding template parameter. */
class SseResponsesTest {

    @RegisterExtension
    static final TestExchanges EXCHANGES = new TestExchanges();

    private static int padding(String mode) {
        Exchange e = EXCHANGES.exchange(null);
        if (mode != null) {
            e.setProperty(OpenAiProperties.SSE_PADDING, mode);
        }
        return SseResponses.padding(e);
    }

    @Test
    void paddingModes() {
        assertEquals(0, padding("never"));
        assertEquals(0, padding(" FALSE "));
        assertEquals(IOHelper.DEFAULT_BUFFER_SIZE, padding("always"));
        assertEquals(IOHelper.DEFAULT_BUFFER_SIZE, padding("true"));
        // auto, and anything else: only platform-http-vertx messages need padding, and this one is not
        assertEquals(0, padding("auto"));
        assertEquals(0, padding(null));
    }
}
