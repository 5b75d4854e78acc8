package io.github.camelllm.routes.openai;

import java.util.Iterator;
import java.util.Locale;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.util.IOHelper;

import io.github.camelllm.spi.LlmChunk;

/**
 * A streamed response: the chunk iterator of llm:stream becomes a text/event-stream body ({@link SseEventStream})
 * that the server pulls, padded as the {@link OpenAiProperties#SSE_PADDING} property asks.
 */
final class SseResponses {

    static final String EVENT_STREAM = "text/event-stream";

    private SseResponses() {}

    /** Replaces the iterator body with the event stream and sets the 200 SSE response headers. */
    static void start(Exchange exchange, SseEventStream.Format format) {
        Message out = exchange.getMessage();
        @SuppressWarnings("unchecked")
        Iterator<LlmChunk> chunks = out.getBody(Iterator.class);
        SseEventStream body = new SseEventStream(chunks, format, padding(exchange));
        VertxResponses.cancelOnClose(out, body);
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        out.setHeader(Exchange.CONTENT_TYPE, EVENT_STREAM);
        out.setHeader("Cache-Control", "no-cache");
        out.setBody(body);
    }

    /** The padding unit of events: 0 for never, the Vert.x read buffer for always, and what the server needs for auto. */
    static int padding(Exchange exchange) {
        String mode = exchange.getProperty(OpenAiProperties.SSE_PADDING, "auto", String.class)
                .trim()
                .toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "never", "false" -> 0;
            case "always", "true" -> IOHelper.DEFAULT_BUFFER_SIZE;
            default -> VertxResponses.flushPadding(exchange.getMessage());
        };
    }
}
