package io.github.camelllm.remote;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.camelllm.support.Texts;

/**
 * The cheap GET the remote backends' health checks send ({@code /v1/models}, Ollama's {@code /api/tags}): one
 * attempt, no retry, the whole exchange bounded by a short timeout. Answers are kept per URL (and API key) for the
 * caller's cache time, so that every endpoint and every poll of a health endpoint share one request to a server.
 * One instance per llm component, shared by its remote backends through the component's runtime
 * ({@code LlmBackendContext.acquire(ServerStatus.class, ServerStatus::new)}).
 */
public final class ServerStatus implements AutoCloseable {

    /**
     * What the GET got.
     *
     * @param status  the HTTP status, or 0 when there was no answer
     * @param body    the response body ("" when none)
     * @param failure why there was no answer (connection refused, timeout, ...), or null
     * @param error   the exception behind the failure, or null
     */
    public record Reply(int status, String body, String failure, Throwable error) {

        public boolean answered() {
            return failure == null;
        }

        /** The server's own error message of a 4xx/5xx body (OpenAI, llama-server and Ollama formats). */
        public String serverMessage() {
            return ErrorBodies.message(body, MAPPER);
        }
    }

    private record Cached(long atNanos, Reply reply) {}

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Map<String, Cached> answers = new ConcurrentHashMap<>();
    private final Map<Long, HttpClient> clients = new ConcurrentHashMap<>();

    /** Forgets the cached answers and drops the HTTP clients. */
    @Override
    public void close() {
        answers.clear();
        clients.clear();
    }

    /** GETs {@code url}, or returns the answer of a GET of the same URL less than {@code cacheMillis} ago. */
    public Reply get(String url, String apiKey, long timeoutMillis, long cacheMillis) {
        String key = url + '#' + (apiKey == null ? "" : Integer.toHexString(apiKey.hashCode()));
        Cached cached = answers.get(key);
        if (cached != null && System.nanoTime() - cached.atNanos() < TimeUnit.MILLISECONDS.toNanos(cacheMillis)) {
            return cached.reply();
        }
        Reply reply = fetch(url, apiKey, timeoutMillis);
        answers.put(key, new Cached(System.nanoTime(), reply));
        return reply;
    }

    private Reply fetch(String url, String apiKey, long timeoutMillis) {
        HttpClient client = clients.computeIfAbsent(
                timeoutMillis,
                t -> HttpClient.newBuilder()
                        .connectTimeout(Duration.ofMillis(t))
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .GET()
                .timeout(Duration.ofMillis(timeoutMillis))
                .header("Accept", "application/json");
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        CompletableFuture<HttpResponse<String>> future =
                client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> response = future.get(timeoutMillis, TimeUnit.MILLISECONDS);
            String body = response.body() == null ? "" : response.body();
            return new Reply(response.statusCode(), Texts.redact(body, apiKey), null, null);
        } catch (TimeoutException e) {
            future.cancel(true);
            return noAnswer("no answer within " + timeoutMillis + " ms", e);
        } catch (ExecutionException e) {
            return noAnswer(describe(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return noAnswer("interrupted", e);
        }
    }

    private static String describe(Throwable t) {
        if (t instanceof HttpConnectTimeoutException || t instanceof HttpTimeoutException) {
            return "no answer within the timeout (" + t.getMessage() + ")";
        }
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ConnectException) {
                return "cannot connect: " + text(c);
            }
        }
        return (t instanceof IOException ? "connection failed: " : "request failed: ") + text(t);
    }

    private static String text(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " " + t.getMessage());
    }

    private static Reply noAnswer(String failure, Throwable error) {
        return new Reply(0, "", failure, error);
    }
}
