package io.github.camelllm.quarkus.it;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import io.github.camelllm.component.LlmConstants;

/** {@code llm:stream} as Server-Sent Events: the {@code stream} route in camel/routes.yaml sends the events. */
@Path("/llm/stream")
public class LlmStreamResource {

    @Inject
    ProducerTemplate template;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(
            @QueryParam("prompt") String prompt,
            @QueryParam("maxTokens") Integer maxTokens,
            @Context SseEventSink sink,
            @Context Sse sse) {
        try (sink) {
            Exchange result = template.send("direct:stream", exchange -> {
                exchange.getIn().setBody(prompt);
                if (maxTokens != null) {
                    exchange.getIn().setHeader(LlmConstants.MAX_TOKENS, maxTokens);
                }
                exchange.setProperty(SseChunkSender.SINK, sink);
                exchange.setProperty(SseChunkSender.SSE, sse);
            });
            Exception failure = result.getException();
            if (failure != null && !sink.isClosed()) {
                sink.send(sse.newEventBuilder()
                        .name("error")
                        .data(failure.getMessage())
                        .build());
            }
        }
    }
}
