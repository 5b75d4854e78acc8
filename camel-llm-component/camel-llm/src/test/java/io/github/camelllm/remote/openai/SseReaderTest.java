package io.github.camelllm.remote.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.github.camelllm.testing.Fixtures;

/** The text/event-stream framing, on the captures and on hand-written edge cases. */
class SseReaderTest {

    private static SseReader reader(String text) {
        return new SseReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), () -> {});
    }

    @Test
    void llamaServerCaptureHasOneEventPerDataLineAndEndsWithDone() throws IOException {
        SseReader r = reader(Fixtures.text("default_v1_chat_stream.sse"));
        int events = 0;
        String last = null;
        for (SseReader.Event e = r.next(); e != null; e = r.next()) {
            events++;
            last = e.data();
            assertNull(e.error());
        }
        assertEquals(18, events);
        assertEquals("[DONE]", last);
    }

    @Test
    void framingEdgeCases() throws IOException {
        SseReader r = reader(": comment\r\n\r\n"
                + "event: message\r\ndata: first\r\ndata:second\r\nid: 7\r\nretry: 10\r\n\r\n"
                + "data: cr only\r\r"
                + "\n\n\n"
                + "data: é ü 日本\n\n"
                + "error: {\"code\":500}\n\n"
                + "data: [DONE]\n");
        SseReader.Event e = r.next();
        assertEquals("message", e.type());
        assertEquals("first\nsecond", e.data());
        assertEquals("cr only", r.next().data());
        assertEquals("é ü 日本", r.next().data());
        e = r.next();
        assertNull(e.data());
        assertEquals("{\"code\":500}", e.error());
        assertEquals("[DONE]", r.next().data(), "a complete last event without its blank line still counts");
        assertNull(r.next());
        assertNull(r.next());
    }

    @Test
    void aLineCutByTheEndOfTheStreamIsDropped() throws IOException {
        SseReader r = reader("data: a\n\ndata: {\"choi");
        assertEquals("a", r.next().data());
        assertNull(r.next());
    }

    @Test
    void plainJsonIsRecognised() throws IOException {
        SseReader r = reader("\n {\"choices\":[]}");
        assertTrue(r.isPlainJson());
        assertEquals("{\"choices\":[]}", r.remaining());
        SseReader sse = reader("data: {}\n\n");
        assertFalse(sse.isPlainJson());
        assertEquals("{}", sse.next().data());
    }

    @Test
    void everyReadCountsAsActivity() throws IOException {
        AtomicInteger reads = new AtomicInteger();
        SseReader r = new SseReader(
                new ByteArrayInputStream(": ping\n\n".getBytes(StandardCharsets.UTF_8)), reads::incrementAndGet);
        assertNull(r.next());
        assertTrue(reads.get() >= 1);
    }
}
