package io.github.camelllm.remote.openai;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal reader of server-sent events (the WHATWG text/event-stream format) over a raw {@link InputStream}.
 * <p>
 * Lines end with LF, CR or CRLF; lines starting with {@code :} are comments; {@code data:} lines of one event are
 * joined with LF; an empty line dispatches the event. Besides {@code data} and {@code event}, the non-standard field
 * {@code error:} is kept, because llama-server reports failures during a stream as {@code error: {...}} lines.
 * <p>
 * It buffers itself instead of wrapping the stream in a {@code BufferedReader}: a reader blocked in a synchronized
 * {@code BufferedReader.read} would hold the lock that another thread's {@code close()} needs. Cancelling is done by
 * closing the underlying stream from any thread; the blocked {@link #next()} then fails with an IOException.
 */
final class SseReader {

    /** One dispatched event. {@code error} holds the data of {@code error:} lines, null when there were none. */
    record Event(String type, String data, String error) {}

    private static final int MAX_LINE = 16 * 1024 * 1024;

    private final InputStream in;
    private final Runnable onBytes;
    private final byte[] buffer = new byte[8192];
    private int pos;
    private int limit;
    private boolean skipLf;
    private boolean eof;

    private byte[] line = new byte[256];
    private int lineLength;

    /** @param onBytes called whenever bytes arrive, comments and partial events included (stall detection) */
    SseReader(InputStream in, Runnable onBytes) {
        this.in = in;
        this.onBytes = onBytes;
    }

    /** The next event, or null at the end of the stream (an unterminated last line is dropped). */
    Event next() throws IOException {
        StringBuilder data = null;
        StringBuilder error = null;
        String type = null;
        while (true) {
            String l = readLine();
            if (l == null) {
                // end of stream: a complete event without its blank line still counts
                return data != null || error != null ? new Event(type, text(data), text(error)) : null;
            }
            if (l.isEmpty()) {
                if (data != null || error != null) {
                    return new Event(type, text(data), text(error));
                }
                type = null;
                continue;
            }
            if (l.charAt(0) == ':') {
                continue; // comment, often a keep-alive
            }
            int colon = l.indexOf(':');
            String field = colon < 0 ? l : l.substring(0, colon);
            String value = colon < 0
                    ? ""
                    : l.substring(l.length() > colon + 1 && l.charAt(colon + 1) == ' ' ? colon + 2 : colon + 1);
            switch (field) {
                case "data" -> data = append(data, value);
                case "error" -> error = append(error, value);
                case "event" -> type = value;
                default -> {
                    // id, retry and unknown fields are ignored
                }
            }
        }
    }

    private static StringBuilder append(StringBuilder sb, String value) {
        if (sb == null) {
            return new StringBuilder(value);
        }
        return sb.append('\n').append(value);
    }

    private static String text(StringBuilder sb) {
        return sb == null ? null : sb.toString();
    }

    /**
     * Whether the body is one plain JSON object instead of events (a server that ignored {@code stream: true}):
     * an event stream never starts with '{'. Blocks until the first non-blank byte arrives.
     */
    boolean isPlainJson() throws IOException {
        while (true) {
            if (pos == limit && (eof || !fill())) {
                return false;
            }
            byte b = buffer[pos];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == '{';
            }
            pos++;
        }
    }

    /** The rest of the body as text. */
    String remaining() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            if (pos < limit) {
                out.write(buffer, pos, limit - pos);
                pos = limit;
            }
            if (out.size() > MAX_LINE) {
                throw new IOException("response longer than " + MAX_LINE + " bytes");
            }
            if (eof || !fill()) {
                return out.toString(StandardCharsets.UTF_8);
            }
        }
    }

    /** A complete line without its terminator, or null at the end of the stream. */
    private String readLine() throws IOException {
        lineLength = 0;
        while (true) {
            if (pos == limit) {
                if (eof || !fill()) {
                    return null; // a partial line at the end of the stream was cut off: drop it
                }
            }
            byte b = buffer[pos++];
            if (skipLf) {
                skipLf = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\n' || b == '\r') {
                skipLf = b == '\r';
                return new String(line, 0, lineLength, StandardCharsets.UTF_8);
            }
            if (lineLength == line.length) {
                if (line.length >= MAX_LINE) {
                    throw new IOException("server-sent event line longer than " + MAX_LINE + " bytes");
                }
                line = Arrays.copyOf(line, line.length * 2);
            }
            line[lineLength++] = b;
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
            eof = true;
            return false;
        }
        pos = 0;
        limit = n;
        onBytes.run();
        return true;
    }
}
