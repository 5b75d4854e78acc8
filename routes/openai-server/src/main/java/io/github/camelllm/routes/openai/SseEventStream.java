package io.github.camelllm.routes.openai;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.camelllm.spi.LlmChunk;

/**
 * The body of a streamed (SSE) response: pulls the chunks of an {@code llm:stream} iterator only when the HTTP server
 * reads, and turns each into {@code data: {...}\n\n} events, then {@code data: [DONE]}. Nothing runs in the background:
 * the server's copy loop drives the generation, and {@link #close()} or {@link #cancel()} (client gone) cancels it.
 * <p>
 * With {@code padTo > 0} each event is followed by an SSE comment that ends the stream offset on a multiple of
 * {@code padTo}: platform-http-vertx in Camel 4.18 only forwards an InputStream body when its 16 KB read buffer is full
 * (CAMEL-23804), so without that padding events would reach the client in 16 KB batches.
 */
final class SseEventStream extends InputStream {

    /** Turns chunks into the JSON of events. */
    interface Format {
        /** Events for one chunk (several for a last chunk that still carries text), without the SSE framing. */
        java.util.List<String> events(LlmChunk chunk);

        /** The JSON of an error event sent when the generation fails after the response started. */
        String error(Exception e);
    }

    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    private final Iterator<LlmChunk> chunks;
    private final Format format;
    private final int padTo;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private byte[] pending = new byte[0];
    private int pos;
    private long offset;
    private boolean finished;

    SseEventStream(Iterator<LlmChunk> chunks, Format format, int padTo) {
        this.chunks = chunks;
        this.format = format;
        this.padTo = padTo;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos >= pending.length && !fill()) {
            return -1;
        }
        int n = Math.min(len, pending.length - pos);
        System.arraycopy(pending, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Bytes of the current event not read yet: never blocks for the next token. */
    @Override
    public int available() {
        return pending.length - pos;
    }

    /** Blocks for the next chunk and frames it; false at the end of the stream. */
    private boolean fill() {
        if (finished) {
            return false;
        }
        StringBuilder sse = new StringBuilder();
        try {
            if (cancelled.get() || !chunks.hasNext()) {
                return finish(cancelled.get() ? null : sse);
            }
            LlmChunk chunk = chunks.next();
            for (String json : format.events(chunk)) {
                sse.append("data: ").append(json).append("\n\n");
            }
            if (chunk.isLast()) {
                return finish(sse);
            }
        } catch (RuntimeException e) {
            if (cancelled.get()) {
                return finish(null);
            }
            sse.append("data: ").append(format.error(e)).append("\n\n");
            finished = true;
            closeChunks();
        }
        return set(pad(sse.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private boolean finish(StringBuilder sse) {
        finished = true;
        closeChunks();
        if (sse == null) {
            return false;
        }
        byte[] events = sse.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[events.length + DONE.length];
        System.arraycopy(events, 0, all, 0, events.length);
        System.arraycopy(DONE, 0, all, events.length, DONE.length);
        return set(all);
    }

    private boolean set(byte[] bytes) {
        pending = bytes;
        pos = 0;
        offset += bytes.length;
        return bytes.length > 0 || fill();
    }

    /** Appends a comment event (": ...\n\n", at least 3 bytes) so that the stream offset ends on a multiple of padTo. */
    private byte[] pad(byte[] events) {
        if (padTo <= 0 || finished) {
            return events;
        }
        long end = offset + events.length;
        int padding = (int) ((padTo - end % padTo) % padTo);
        if (padding < 3) {
            padding += padTo;
        }
        byte[] out = new byte[events.length + padding];
        System.arraycopy(events, 0, out, 0, events.length);
        out[events.length] = ':';
        java.util.Arrays.fill(out, events.length + 1, out.length - 2, (byte) ' ');
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return out;
    }

    /** The client went away: stop the generation; the next read ends the stream. Safe from any thread. */
    void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            closeChunks();
        }
    }

    boolean isCancelled() {
        return cancelled.get();
    }

    private void closeChunks() {
        if (chunks instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // the generation is ending anyway
            }
        }
    }

    @Override
    public void close() {
        finished = true;
        closeChunks();
    }
}
