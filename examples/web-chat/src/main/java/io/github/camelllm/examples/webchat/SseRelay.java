package io.github.camelllm.examples.webchat;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import jakarta.inject.Named;
import jakarta.inject.Singleton;

import io.github.camelllm.component.LlmConstants;
import io.github.camelllm.spi.LlmChunk;

/**
 * The {@code sseRelay} step of the {@code chat-stream} route: called for every chunk of the streaming split over
 * {@code llm:stream}, it hands the chunk to the browser's {@link ChatStream}.
 */
@Singleton
@Named("sseRelay")
public class SseRelay implements Processor {

    @Override
    public void process(Exchange exchange) {
        ChatStream stream = exchange.getProperty(ChatStream.PROPERTY, ChatStream.class);
        if (stream == null) {
            throw new IllegalStateException(
                    "sseRelay only works for exchanges sent by GET /chat/stream (no exchange property "
                            + ChatStream.PROPERTY + ")");
        }
        Object body = exchange.getMessage().getBody();
        if (!(body instanceof LlmChunk chunk)) {
            throw new IllegalStateException(
                    "sseRelay expects an LlmChunk body, from a split with streaming: true over the body"
                            + " of llm:stream; got "
                            + (body == null ? "null" : body.getClass().getName()));
        }
        stream.send(chunk, exchange.getMessage().getHeader(LlmConstants.MODEL, String.class));
    }
}
