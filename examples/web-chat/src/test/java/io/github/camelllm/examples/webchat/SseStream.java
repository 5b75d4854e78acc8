package io.github.camelllm.examples.webchat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Server-Sent Events client for the tests, on java.net.http: reads the events of one response as they arrive
 * (parsed as the HTML standard says: {@code event:}, {@code data:} lines, one optional space after the colon, a blank
 * line ends an event) and notes when each one arrived.
 */
final class SseStream implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** One event; {@code arrivedNanos} is {@link System#nanoTime()} when its blank line was read. */
    record Event(String name, String data, long arrivedNanos) {
        JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                throw new AssertionError("event '" + name + "' does not carry JSON: " + data, e);
            }
        }
    }

    private final HttpResponse<InputStream> response;
    private final BufferedReader reader;

    private SseStream(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    static SseStream open(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(60))
                .GET()
                .build();
        return new SseStream(CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream()));
    }

    int status() {
        return response.statusCode();
    }

    String contentType() {
        return response.headers().firstValue("content-type").orElse("");
    }

    /** The next event, or null when the server has ended the response. */
    Event next() throws IOException {
        String name = "message";
        StringBuilder data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return new Event(name, data.toString(), System.nanoTime());
                }
                name = "message";
                continue;
            }
            if (line.startsWith(":")) {
                continue; // comment
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("event")) {
                name = value;
            } else if (field.equals("data")) {
                data = data == null
                        ? new StringBuilder(value)
                        : data.append('\n').append(value);
            }
        }
        return null;
    }

    /** Every remaining event, until the server ends the response. */
    List<Event> readAll() throws IOException {
        List<Event> events = new ArrayList<>();
        for (Event e = next(); e != null; e = next()) {
            events.add(e);
        }
        return events;
    }

    /** Closes the response body, which closes the connection: the server sees the client go away. */
    @Override
    public void close() throws IOException {
        reader.close();
    }

    /** GET with a JSON answer (the non-streaming endpoint). */
    static Json getJson(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(60))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Json(response.statusCode(), JSON.readTree(response.body()));
    }

    record Json(int status, JsonNode body) {}
}
