package io.github.camelllm.routes.openai;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Camel Main with the embedded platform-http server on a free loopback port, and a JDK HttpClient as the OpenAI client. */
final class TestServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final Main main;
    final int port;
    final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private TestServer(Main main, int port) {
        this.main = main;
        this.port = port;
    }

    /** Starts Camel Main with these routes (routes-include-pattern), beans and properties. */
    static TestServer start(String routesIncludePattern, Map<String, Object> beans, Map<String, String> properties)
            throws Exception {
        int port = freePort();
        Main main = new Main();
        main.configure().withRoutesIncludePattern(routesIncludePattern);
        main.addInitialProperty("camel.server.enabled", "true");
        main.addInitialProperty("camel.server.host", "127.0.0.1");
        main.addInitialProperty("camel.server.port", String.valueOf(port));
        main.addInitialProperty("camel.main.shutdownTimeout", "5");
        properties.forEach(main::addInitialProperty);
        beans.forEach(main::bind);
        try {
            main.start();
        } catch (Exception e) {
            main.stop();
            throw e;
        }
        return new TestServer(main, port);
    }

    CamelContext context() {
        return main.getCamelContext();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> get(String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return client.send(request(path, body), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<InputStream> postStream(String path, String body) throws Exception {
        return client.send(request(path, body), HttpResponse.BodyHandlers.ofInputStream());
    }

    HttpRequest request(String path, String body) {
        return HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    @Override
    public void close() {
        main.stop();
    }

    /** Reads server-sent events one by one: the data of each event (comments and blank padding are skipped). */
    static final class Events implements AutoCloseable {

        private final BufferedReader reader;

        Events(InputStream in) {
            this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        }

        /** The data of the next event, or null at the end of the stream. */
        String next() throws IOException {
            StringBuilder data = null;
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        return data.toString();
                    }
                } else if (line.startsWith("data:")) {
                    String value = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
                    data = data == null
                            ? new StringBuilder(value)
                            : data.append('\n').append(value);
                } else if (!line.startsWith(":")) {
                    throw new IllegalStateException("unexpected SSE line: " + line);
                }
            }
            return data == null ? null : data.toString();
        }

        /** All remaining events. */
        List<String> rest() throws IOException {
            List<String> all = new ArrayList<>();
            for (String e = next(); e != null; e = next()) {
                all.add(e);
            }
            return all;
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
