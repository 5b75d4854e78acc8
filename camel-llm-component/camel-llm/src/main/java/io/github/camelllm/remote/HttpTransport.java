package io.github.camelllm.remote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.camelllm.spi.LlmHttpException;
import io.github.camelllm.spi.LlmTimeoutException;
import io.github.camelllm.spi.RemoteSettings;
import io.github.camelllm.support.Texts;

/**
 * JSON over HTTP for the remote backends, on the JDK's {@link HttpClient}: retries with exponential backoff on 429,
 * 5xx and connection failures (honouring {@code Retry-After}), never on other 4xx, and typed errors carrying the
 * status and the server's own message. Streaming requests are retried only until the response starts.
 */
public final class HttpTransport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
    private static final long BASE_BACKOFF_MS = 250;
    private static final long MAX_BACKOFF_MS = 30_000;

    private final RemoteSettings settings;
    private final HttpClient client;
    private final ObjectMapper mapper;
    private final ScheduledExecutorService timer;

    /**
     * @param settings with the backend's defaults applied (a base URL)
     * @param timer    the component's timer, for stalled-stream checks
     */
    public HttpTransport(RemoteSettings settings, ObjectMapper mapper, ScheduledExecutorService timer) {
        this.settings = settings;
        this.mapper = mapper;
        this.timer = timer;
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** The timer of the component this transport belongs to. */
    public ScheduledExecutorService timer() {
        return timer;
    }

    /**
     * Nothing to free on Java 17: {@link HttpClient} has no close method, and its selector thread ends once the client
     * is unreachable, which it is when the component's runtime and the backends drop this transport.
     */
    @Override
    public void close() {}

    public RemoteSettings settings() {
        return settings;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** POSTs a JSON body and returns the parsed JSON response. */
    public JsonNode postJson(String path, Object body) {
        HttpResponse<InputStream> response = send("POST", path, body);
        return readJson(url(path), response);
    }

    /** GETs a JSON document. */
    public JsonNode getJson(String path) {
        HttpResponse<InputStream> response = send("GET", path, null);
        return readJson(url(path), response);
    }

    /** DELETEs with a JSON body (Ollama's /api/delete) and returns the response status. */
    public int delete(String path, Object body) {
        HttpResponse<InputStream> response = send("DELETE", path, body);
        try (InputStream in = response.body()) {
            in.readAllBytes();
        } catch (IOException ignored) {
            // status is what matters
        }
        return response.statusCode();
    }

    /** POSTs a JSON body and returns the open response stream (SSE or NDJSON); the caller closes it. */
    public InputStream postStream(String path, Object body) {
        return send("POST", path, body).body();
    }

    public String url(String path) {
        return settings.baseUrl() + path;
    }

    private HttpResponse<InputStream> send(String method, String path, Object body) {
        String url = url(path);
        byte[] payload;
        try {
            payload = body == null ? null : mapper.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize request to " + url, e);
        }
        int attempt = 0;
        while (true) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(settings.requestTimeout())
                    .header("Accept", "application/json, text/event-stream, application/x-ndjson");
            if (payload != null) {
                request.header("Content-Type", "application/json");
                request.method(method, HttpRequest.BodyPublishers.ofByteArray(payload));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            if (settings.apiKey() != null) {
                request.header("Authorization", "Bearer " + settings.apiKey());
            }
            LlmHttpException failure;
            long retryAfterMs = -1;
            try {
                HttpResponse<InputStream> response =
                        client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                if (status < 400) {
                    return response;
                }
                String text = readText(response);
                failure = new LlmHttpException(
                        url, status, redact(ErrorBodies.message(text, mapper)), isRetriable(status), null);
                retryAfterMs = retryAfterMillis(
                        response.headers().firstValue("Retry-After").orElse(null));
            } catch (HttpTimeoutException e) {
                throw new LlmTimeoutException("no response from " + url + " within requestTimeout "
                        + settings.requestTimeout().toMillis() + " ms");
            } catch (ConnectException e) {
                failure = new LlmHttpException(url, 0, "cannot connect: " + describe(e), true, e);
            } catch (IOException e) {
                failure = new LlmHttpException(url, 0, "connection failed: " + describe(e), true, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LlmHttpException(url, 0, "interrupted", false, e);
            }
            if (!failure.isRetriable() || attempt >= settings.maxRetries()) {
                throw failure;
            }
            long delay = retryAfterMs >= 0 ? retryAfterMs : backoff(attempt);
            if (delay > settings.requestTimeout().toMillis()) {
                throw new LlmHttpException(
                        url,
                        failure.getStatusCode(),
                        failure.getServerMessage() + " (the server asks to retry after " + delay
                                + " ms, longer than requestTimeout)",
                        true,
                        failure);
            }
            attempt++;
            LOG.warn(
                    "{} {} failed ({}); retry {}/{} in {} ms",
                    method,
                    url,
                    failure.getMessage(),
                    attempt,
                    settings.maxRetries(),
                    delay);
            sleep(delay, url);
        }
    }

    private JsonNode readJson(String url, HttpResponse<InputStream> response) {
        String text;
        StallGuard guard = new StallGuard(response.body(), settings.requestTimeout(), timer);
        try {
            text = readBody(response.body(), guard);
        } catch (IOException e) {
            if (guard.stalled()) {
                throw new LlmTimeoutException("the response from " + url + " stopped for longer than requestTimeout "
                        + settings.requestTimeout().toMillis() + " ms");
            }
            throw new LlmHttpException(url, 0, "connection failed while reading the response: " + describe(e), true, e);
        }
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            throw new LlmHttpException(
                    url, response.statusCode(), "response is not valid JSON: " + redact(abbreviate(text)), false, e);
        }
    }

    /** An error body, as far as it arrives within requestTimeout; the status is what matters. */
    private String readText(HttpResponse<InputStream> response) {
        try {
            return readBody(response.body(), new StallGuard(response.body(), settings.requestTimeout(), timer));
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Reads a whole body; the guard closes the stream when no byte arrives for requestTimeout (the request's own
     * timeout only covers the wait for the response headers).
     */
    private static String readBody(InputStream body, StallGuard guard) throws IOException {
        try (InputStream in = body;
                guard) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                guard.touch();
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** 429 and 5xx may succeed later; 501 Not Implemented and 505 never will. */
    public static boolean isRetriable(int status) {
        return status == 429 || (status >= 500 && status != 501 && status != 505);
    }

    /** The text with the API key masked, in case a server echoes it in an error message. */
    public String redact(String text) {
        return Texts.redact(text, settings.apiKey());
    }

    static long backoff(int attempt) {
        long exp = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS << Math.min(attempt, 16));
        return exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1);
    }

    /** Retry-After as delta-seconds or an HTTP date; -1 when absent or unreadable. */
    static long retryAfterMillis(String value) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        String v = value.trim();
        try {
            return Math.max(0, (long) (Double.parseDouble(v) * 1000));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(
                        0,
                        Duration.between(ZonedDateTime.now(when.getZone()), when)
                                .toMillis());
            } catch (RuntimeException e2) {
                return -1;
            }
        }
    }

    private static void sleep(long ms, String url) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmHttpException(url, 0, "interrupted while waiting to retry", false, e);
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    static String abbreviate(String s) {
        return Texts.abbreviate(s, 200);
    }
}
