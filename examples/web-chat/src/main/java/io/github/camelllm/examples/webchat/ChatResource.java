package io.github.camelllm.examples.webchat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import io.github.camelllm.component.LlmConstants;
import io.github.camelllm.spi.LlmInvalidRequestException;

/**
 * The HTTP side of the chat. {@code GET /chat/stream?prompt=...} streams the answer of the {@code chat-stream} route
 * (camel/chat.yaml) as Server-Sent Events; {@code GET /chat?prompt=...} returns the answer of the {@code chat} route
 * in one JSON document. Both take an optional {@code maxTokens} that overrides the route's.
 */
@Path("/chat")
public class ChatResource {

    private static final Logger LOG = Logger.getLogger(ChatResource.class);

    /**
     * Events one response holds for a client that reads more slowly than the model writes (one per token, plus
     * {@code done}): more than {@link ChatRequest#MAX_TOKENS_LIMIT}, so a request never overflows it.
     */
    static final int EVENT_BUFFER = ChatRequest.MAX_TOKENS_LIMIT + 16;

    @Inject
    ProducerTemplate template;

    /**
     * Events: {@code token} ({@code {"text", "index"}}) for every chunk with text, then {@code done} (finish reason,
     * token counts, timings), or {@code error} ({@code {"message", "type"}}) if the route fails. An invalid request
     * is answered with status 400 and an {@code error} event as the body. When the client disconnects, the next chunk
     * fails the route's split, which cancels the generation.
     */
    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(
            @QueryParam("prompt") String prompt, @QueryParam("maxTokens") String maxTokens, @Context Sse sse) {
        ChatRequest request;
        try {
            request = ChatRequest.of(prompt, maxTokens);
        } catch (ChatRequest.InvalidChatRequestException e) {
            String event = "event: error\ndata: "
                    + ChatEvents.json(ChatEvents.error(e.getMessage(), "InvalidChatRequest")) + "\n\n";
            throw new WebApplicationException(
                    e.getMessage(),
                    Response.status(Response.Status.BAD_REQUEST)
                            .type(MediaType.SERVER_SENT_EVENTS_TYPE)
                            .entity(event)
                            .build());
        }
        // the route blocks its thread until the generation ends: run it on a worker, never on the event loop
        return Multi.createFrom()
                .<OutboundSseEvent>emitter(emitter -> generate(request, new ChatStream(emitter, sse)), EVENT_BUFFER)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private void generate(ChatRequest request, ChatStream stream) {
        Exchange result;
        try {
            result = template.send(
                    "direct:chat-stream",
                    exchange -> prepare(exchange, request).setProperty(ChatStream.PROPERTY, stream));
        } catch (RuntimeException e) {
            stream.fail(e);
            return;
        }
        Exception failure = result.getException();
        if (failure == null && stream.isDoneSent()) {
            stream.complete(); // the page may already have closed the connection after done: that is no cancellation
        } else if (stream.isClientGone()) {
            LOG.infof("client disconnected after %d token events: generation cancelled", stream.tokenEvents());
            stream.complete();
        } else if (failure != null) {
            LOG.warnf("chat-stream failed: %s", failure.toString());
            stream.fail(failure);
        } else {
            stream.error(ChatEvents.error(
                    "the route chat-stream ended without passing the last chunk of llm:stream to"
                            + " sseRelay: its split over the llm:stream body must send every chunk to the sseRelay bean",
                    "IllegalStateException"));
        }
    }

    /**
     * The whole answer at once, from the {@code chat} route: {@code {"text", "finishReason", "inputTokens",
     * "outputTokens", "timeToFirstTokenMs", "generationMs", "model"}}. Errors: 400 for an invalid request or one
     * the model rejects (e.g. a prompt longer than its context), 500 otherwise, with {@code {"message", "type"}}.
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response answer(@QueryParam("prompt") String prompt, @QueryParam("maxTokens") String maxTokens) {
        ChatRequest request;
        try {
            request = ChatRequest.of(prompt, maxTokens);
        } catch (ChatRequest.InvalidChatRequestException e) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(ChatEvents.error(e.getMessage(), "InvalidChatRequest"))
                    .build();
        }
        Exchange result = template.send("direct:chat", exchange -> prepare(exchange, request));
        Exception failure = result.getException();
        if (failure != null) {
            boolean rejected = result.getException(LlmInvalidRequestException.class) != null;
            return Response.status(rejected ? Response.Status.BAD_REQUEST : Response.Status.INTERNAL_SERVER_ERROR)
                    .entity(ChatEvents.error(failure))
                    .build();
        }
        Message out = result.getMessage();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("text", out.getBody(String.class));
        for (String header : new String[] {
            LlmConstants.FINISH_REASON,
            LlmConstants.INPUT_TOKENS,
            LlmConstants.OUTPUT_TOKENS,
            LlmConstants.TIME_TO_FIRST_TOKEN_MS,
            LlmConstants.GENERATION_MS,
            LlmConstants.MODEL
        }) {
            // CamelLlmFinishReason -> finishReason
            String name = Character.toLowerCase(header.charAt("CamelLlm".length()))
                    + header.substring("CamelLlm".length() + 1);
            info.put(name, out.getHeader(header));
        }
        return Response.ok(info).build();
    }

    private static Exchange prepare(Exchange exchange, ChatRequest request) {
        exchange.getMessage().setBody(request.conversation());
        if (request.maxTokens() != null) {
            exchange.getMessage().setHeader(LlmConstants.MAX_TOKENS, request.maxTokens());
        }
        return exchange;
    }
}
