package io.github.camelllm.examples.webchat;

import java.util.Map;

import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import io.github.camelllm.spi.LlmChunk;

/**
 * One browser's stream: the events of one request go through here to the HTTP response. It travels with the
 * exchange as the property {@link #PROPERTY}, so that the {@code sseRelay} step of the route finds it on every chunk.
 */
final class ChatStream {

    /** Exchange property holding the {@code ChatStream} of the request. */
    static final String PROPERTY = "webChatStream";

    private final MultiEmitter<? super OutboundSseEvent> emitter;
    private final Sse sse;
    private int tokenEvents;
    private volatile boolean doneSent;
    private volatile boolean clientGone;

    ChatStream(MultiEmitter<? super OutboundSseEvent> emitter, Sse sse) {
        this.emitter = emitter;
        this.sse = sse;
        // the HTTP layer cancels the subscription when the client disconnects
        emitter.onCancellation(() -> clientGone = true);
    }

    /**
     * Sends a chunk of the generation: a {@code token} event for its text (if any) and, for the last chunk, the
     * {@code done} event. Throws {@link ClientDisconnectedException} when the client has gone, which stops the split
     * and so cancels the generation.
     */
    void send(LlmChunk chunk, String model) {
        if (isClientGone()) {
            throw new ClientDisconnectedException("the client disconnected after " + tokenEvents
                    + " token events; generation cancelled at chunk " + chunk.getIndex());
        }
        if (!chunk.getText().isEmpty()) {
            tokenEvents++;
            emitter.emit(sse.newEventBuilder()
                    .name("token")
                    .data(ChatEvents.token(chunk))
                    .build());
        }
        if (chunk.isLast()) {
            doneSent = true;
            emitter.emit(sse.newEventBuilder()
                    .name("done")
                    .data(ChatEvents.done(chunk, model, tokenEvents))
                    .build());
        }
    }

    /** Sends the {@code error} event (unless the client has gone) and ends the response. */
    void fail(Throwable failure) {
        error(ChatEvents.error(failure));
    }

    void error(Map<String, Object> error) {
        if (!isClientGone()) {
            emitter.emit(sse.newEventBuilder()
                    .name("error")
                    .data(ChatEvents.json(error))
                    .build());
        }
        emitter.complete();
    }

    /** Ends the response. */
    void complete() {
        emitter.complete();
    }

    boolean isClientGone() {
        return clientGone || emitter.isCancelled();
    }

    boolean isDoneSent() {
        return doneSent;
    }

    int tokenEvents() {
        return tokenEvents;
    }

    /** The browser closed the connection: stops the route's split, which cancels the native generation. */
    static final class ClientDisconnectedException extends RuntimeException {
        ClientDisconnectedException(String message) {
            super(message);
        }
    }
}
