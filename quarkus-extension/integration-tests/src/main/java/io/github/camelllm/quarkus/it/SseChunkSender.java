package io.github.camelllm.quarkus.it;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.inject.Named;
import jakarta.inject.Singleton;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import io.github.camelllm.spi.LlmChunk;

/**
 * Used by the {@code stream} route's split: sends each chunk of {@code llm:stream} to the HTTP client as a
 * {@code token} event ({@code {"text": ..., "index": ...}}), and the last one's counts as a {@code done} event. When the client has gone, it fails the
 * exchange, which stops the split and cancels the generation.
 */
@Singleton
@Named("sseChunkSender")
public class SseChunkSender implements Processor {

    static final String SINK = "llmSseSink";
    static final String SSE = "llmSse";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void process(Exchange exchange) throws Exception {
        SseEventSink sink = exchange.getProperty(SINK, SseEventSink.class);
        Sse sse = exchange.getProperty(SSE, Sse.class);
        LlmChunk chunk = exchange.getIn().getBody(LlmChunk.class);
        if (sink.isClosed()) {
            throw new IllegalStateException("the SSE client disconnected after " + chunk.getIndex() + " chunks");
        }
        if (!chunk.getText().isEmpty()) {
            // JSON: an SSE client strips the first space after "data:", and a token may start with one
            String data = JSON.writeValueAsString(Map.of("text", chunk.getText(), "index", chunk.getIndex()));
            sink.send(sse.newEventBuilder().name("token").data(data).build())
                    .toCompletableFuture()
                    .get();
        }
        if (chunk.isLast()) {
            sink.send(sse.newEventBuilder().name("done").data(done(chunk)).build())
                    .toCompletableFuture()
                    .get();
        }
    }

    private static String done(LlmChunk last) throws JsonProcessingException {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("finishReason", last.getFinishReason());
        counts.put("inputTokens", last.getInputTokens());
        counts.put("outputTokens", last.getOutputTokens());
        return JSON.writeValueAsString(counts);
    }
}
