package io.github.camelllm.models;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP/1.1 server on loopback that serves byte arrays, with Range support (206 + Content-Range, 416) and
 * fault modes: drop the connection after N bytes, stall after N bytes, ignore Range (200), answer every request
 * with a wrong Content-Range (206), fixed error statuses, redirects.
 */
final class TestHttpServer implements AutoCloseable {

    /** One request as the server saw it. */
    record Request(String method, String path, String range, String authorization) {}

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-http");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private final List<Request> requests = new ArrayList<>();

    /** Drop the connection after this many body bytes of the next response (then reset), -1 for never. */
    volatile long dropAfterBytes = -1;
    /** Stop sending after this many body bytes of the next response and hang (then reset), -1 for never. */
    volatile long stallAfterBytes = -1;
    /** Answer 200 with the whole file even when a Range is asked for. */
    volatile boolean ignoreRange;
    /** When set, answer every request for a file with 206, this Content-Range and the whole file. */
    volatile String wrongContentRange;

    TestHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    TestHttpServer serve(String path, byte[] content) {
        files.put(path, content);
        return this;
    }

    TestHttpServer redirect(String from, String to) {
        redirects.put(from, to);
        return this;
    }

    TestHttpServer status(String path, int status) {
        statuses.put(path, status);
        return this;
    }

    String base() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort();
    }

    String url(String path) {
        return base() + path;
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    private synchronized void record(Request r) {
        requests.add(r);
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            respond(ex);
        } finally {
            try {
                ex.close();
            } catch (RuntimeException ignored) {
                // the connection was dropped on purpose
            }
        }
    }

    private void respond(HttpExchange ex) throws IOException {
        {
            String path = ex.getRequestURI().getPath();
            String range = ex.getRequestHeaders().getFirst("Range");
            record(new Request(
                    ex.getRequestMethod(), path, range, ex.getRequestHeaders().getFirst("Authorization")));
            String to = redirects.get(path);
            if (to != null) {
                ex.getResponseHeaders().add("Location", to);
                ex.sendResponseHeaders(302, -1);
                return;
            }
            Integer fixed = statuses.get(path);
            if (fixed != null) {
                ex.sendResponseHeaders(fixed, -1);
                return;
            }
            byte[] body = files.get(path);
            if (body == null) {
                byte[] msg = "Entry not found".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(404, msg.length);
                ex.getResponseBody().write(msg);
                return;
            }
            int start = 0;
            int status = 200;
            Matcher m = range == null ? null : RANGE.matcher(range);
            String wrong = wrongContentRange;
            if (wrong != null) {
                status = 206;
                ex.getResponseHeaders().add("Content-Range", wrong);
            } else if (m != null && m.matches() && !ignoreRange) {
                long s = Long.parseLong(m.group(1));
                if (s >= body.length) {
                    ex.getResponseHeaders().add("Content-Range", "bytes */" + body.length);
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                start = (int) s;
                status = 206;
                ex.getResponseHeaders()
                        .add("Content-Range", "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
            }
            ex.getResponseHeaders().add("Accept-Ranges", "bytes");
            ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
            int length = body.length - start;
            ex.sendResponseHeaders(status, length);
            long drop = dropAfterBytes;
            long stall = stallAfterBytes;
            dropAfterBytes = -1;
            stallAfterBytes = -1;
            OutputStream out = ex.getResponseBody();
            int limit = drop >= 0 ? (int) Math.min(drop, length) : stall >= 0 ? (int) Math.min(stall, length) : length;
            int pos = 0;
            while (pos < limit) {
                int n = Math.min(8192, limit - pos);
                out.write(body, start + pos, n);
                pos += n;
            }
            out.flush();
            if (stall >= 0) {
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (drop >= 0 || stall >= 0) {
                // closing the exchange with fewer bytes than announced closes the TCP connection
                try {
                    ex.close();
                } catch (RuntimeException expected) {
                    // "insufficient bytes written to stream"
                }
                return;
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
