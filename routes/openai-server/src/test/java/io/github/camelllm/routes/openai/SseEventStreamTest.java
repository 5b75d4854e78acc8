package io.github.camelllm.routes.openai;

import static io.github.camelllm.routes.openai.TestExchanges.drain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.camelllm.spi.LlmChunk;
import io.github.camelllm.spi.LlmTimeoutException;

/** SSE framing, padding and a failure after the first event, without a server. */
class SseEventStreamTest {

    private static SseEventStream completionStream(List<LlmChunk> chunks, int padTo) {
        return new SseEventStream(chunks.iterator(), ChunkFormat.completion("m"), padTo);
    }

    @Test
    void sseFramingWithoutPadding() throws Exception {
        String sse = drain(completionStream(
                List.of(LlmChunk.delta("Once", 0), new LlmChunk(" upon", 1, true, "length", 4, 2, 1L, 3L)), 0));
        String[] events = sse.split("\n\n");
        assertEquals(4, events.length, sse);
        assertTrue(sse.endsWith("data: [DONE]\n\n"));
        JsonNode first = TestServer.json(events[0].substring(6));
        assertEquals("Once", first.path("choices").path(0).path("text").asText());
        assertTrue(first.path("choices").path(0).path("finish_reason").isNull());
        JsonNode last = TestServer.json(events[2].substring(6));
        assertEquals("", last.path("choices").path(0).path("text").asText());
        assertEquals(
                "length", last.path("choices").path(0).path("finish_reason").asText());
        assertEquals(6, last.path("usage").path("total_tokens").asInt());
        assertEquals(first.path("id").asText(), last.path("id").asText());
    }

    @Test
    void paddedEventsEndOnTheBufferBoundary() throws Exception {
        SseEventStream stream = completionStream(
                List.of(
                        LlmChunk.delta("a", 0),
                        LlmChunk.delta("b", 1),
                        new LlmChunk("", 2, true, "stop", 1, 2, 1L, 2L)),
                64);
        byte[] buffer = new byte[4096];
        int total = 0;
        for (int i = 0; i < 2; i++) {
            // every event, with its padding, is available at once and ends on a multiple of 64... of the padding unit
            int n = 0;
            do {
                n += stream.read(buffer, n, buffer.length - n);
            } while (stream.available() > 0);
            total += n;
            assertEquals(0, total % 64, "event " + i + " ends at " + total);
            String text = new String(buffer, 0, n, StandardCharsets.UTF_8);
            assertTrue(text.startsWith("data: {"), text);
            assertTrue(text.endsWith("\n\n") && text.contains("\n\n:"), text);
        }
        String rest = drain(stream);
        assertTrue(rest.endsWith("data: [DONE]\n\n"), rest);
        assertFalse(rest.contains(":  "), "no padding after the last event");
    }

    @Test
    void failureAfterTheStartIsAnErrorEventWithoutDone() throws Exception {
        Iterator<LlmChunk> failing = new Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public LlmChunk next() {
                if (n++ == 0) {
                    return LlmChunk.delta("x", 0);
                }
                throw new LlmTimeoutException("generation timed out");
            }
        };
        String sse = drain(new SseEventStream(failing, ChunkFormat.chat("m"), 0));
        String[] events = sse.split("\n\n");
        assertEquals(2, events.length, sse);
        ObjectNode error = (ObjectNode) TestServer.json(events[1].substring(6));
        assertEquals(504, error.path("error").path("code").asInt());
        assertFalse(sse.contains("[DONE]"));
    }
}
