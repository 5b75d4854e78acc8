package io.github.camelllm.remote.ollama;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.camelllm.component.BackendSpecs;
import io.github.camelllm.component.LlmConfiguration;
import io.github.camelllm.remote.HttpTransport;
import io.github.camelllm.spi.LlmHttpException;
import io.github.camelllm.spi.LlmInvalidRequestException;
import io.github.camelllm.spi.LlmTimeoutException;
import io.github.camelllm.spi.RemoteSettings;

/**
 * Model management on an Ollama server: list, show, delete and pull. Errors are typed as in the backend:
 * {@link LlmHttpException} with the status and Ollama's {@code {"error":"..."}} text (404 for an unknown model), and
 * for {@link #pull} also for an error line in the progress stream or a stream that ends without {@code success}.
 */
public final class OllamaModels implements AutoCloseable {

    /** An installed model, as listed by {@code GET /api/tags}. */
    public record Model(
            String name,
            long size,
            String digest,
            String modifiedAt,
            String family,
            String parameterSize,
            String quantizationLevel) {}

    /**
     * What {@code POST /api/show} says about a model.
     *
     * @param contextLength the trained context length from {@code model_info}, or null when not reported
     * @param raw           the whole response (modelfile, template, parameters, model_info, ...)
     */
    public record ModelDetails(
            String name,
            String family,
            String parameterSize,
            String quantizationLevel,
            String format,
            Integer contextLength,
            List<String> capabilities,
            JsonNode raw) {}

    /**
     * One progress event of {@code POST /api/pull}, e.g. {@code pulling manifest}, a layer download with
     * {@code digest}/{@code total}/{@code completed}, {@code verifying sha256 digest}, {@code success}.
     *
     * @param digest    the layer being downloaded, or null
     * @param total     bytes of the layer, 0 when not a download event
     * @param completed bytes downloaded so far
     */
    public record PullProgress(String status, String digest, long total, long completed) {

        /** Fraction of the layer downloaded (0..1), or -1 when this event has no size. */
        public double fraction() {
            return total > 0 ? Math.min(1.0, (double) completed / total) : -1;
        }

        /** Whether this is the final {@code success} event. */
        public boolean isSuccess() {
            return "success".equals(status);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpTransport transport;
    private final ScheduledExecutorService ownTimer;

    /** A client that borrows a timer (a component's) for its stalled-stream checks. */
    public OllamaModels(RemoteSettings settings, ScheduledExecutorService timer) {
        this(settings, timer, null);
    }

    /** A standalone client with a timer thread of its own (a daemon), stopped by {@link #close()}. */
    public OllamaModels(RemoteSettings settings) {
        this(settings, null, ownTimer());
    }

    private OllamaModels(RemoteSettings settings, ScheduledExecutorService borrowed, ScheduledExecutorService own) {
        this.ownTimer = own;
        this.transport = new HttpTransport(
                Objects.requireNonNull(settings, "settings").withDefaults(OllamaBackendFactory.DEFAULT_BASE_URL, null),
                MAPPER,
                borrowed != null ? borrowed : own);
    }

    /** A standalone client for the server at {@code baseUrl} (null for {@code http://localhost:11434}) with the default timeouts. */
    public OllamaModels(String baseUrl) {
        this(of(baseUrl));
    }

    /** A standalone client using an endpoint configuration's baseUrl, apiKey and timeouts (the model option is not needed). */
    public static OllamaModels of(LlmConfiguration configuration) {
        return new OllamaModels(BackendSpecs.remote(configuration));
    }

    private static RemoteSettings of(String baseUrl) {
        LlmConfiguration c = new LlmConfiguration();
        c.setBaseUrl(baseUrl);
        return BackendSpecs.remote(c);
    }

    private static ScheduledExecutorService ownTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "camel-llm-ollama-models-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** Stops the timer thread of a standalone client. */
    @Override
    public void close() {
        if (ownTimer != null) {
            ownTimer.shutdownNow();
        }
    }

    public String baseUrl() {
        return transport.settings().baseUrl();
    }

    /** The server's version ({@code GET /api/version}). */
    public String version() {
        return transport.getJson("/api/version").path("version").asText("");
    }

    /** Installed models ({@code GET /api/tags}). */
    public List<Model> list() {
        JsonNode models = transport.getJson("/api/tags").path("models");
        List<Model> out = new ArrayList<>();
        for (JsonNode m : models) {
            JsonNode d = m.path("details");
            String name = text(m, "name");
            out.add(new Model(
                    name != null ? name : text(m, "model"),
                    m.path("size").asLong(0),
                    text(m, "digest"),
                    text(m, "modified_at"),
                    text(d, "family"),
                    text(d, "parameter_size"),
                    text(d, "quantization_level")));
        }
        return out;
    }

    /** Details of one model ({@code POST /api/show}); a model that is not installed fails with HTTP 404. */
    public ModelDetails show(String name) {
        JsonNode r = transport.postJson("/api/show", modelBody(name));
        JsonNode d = r.path("details");
        Integer context = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = r.path("model_info").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().endsWith(".context_length") && e.getValue().canConvertToInt()) {
                context = e.getValue().asInt();
                break;
            }
        }
        List<String> capabilities = new ArrayList<>();
        r.path("capabilities").forEach(c -> capabilities.add(c.asText()));
        return new ModelDetails(
                name,
                text(d, "family"),
                text(d, "parameter_size"),
                text(d, "quantization_level"),
                text(d, "format"),
                context,
                List.copyOf(capabilities),
                r);
    }

    /** Removes a model ({@code DELETE /api/delete}); a model that is not installed fails with HTTP 404. */
    public void delete(String name) {
        transport.delete("/api/delete", modelBody(name));
    }

    /**
     * Downloads a model ({@code POST /api/pull}, streamed), handing each progress event to {@code listener} in the
     * order the server sent them. Returns after the {@code success} event; the connection may stay silent for at most
     * {@code requestTimeout} between events.
     */
    public void pull(String name, Consumer<PullProgress> listener) {
        ObjectNode body = modelBody(name);
        body.put("stream", true);
        String url = transport.url("/api/pull");
        try (NdjsonLines lines = new NdjsonLines(
                transport.postStream("/api/pull", body),
                transport.settings().requestTimeout(),
                transport.timer(),
                MAPPER,
                url)) {
            while (true) {
                JsonNode line;
                try {
                    line = lines.next();
                } catch (IOException e) {
                    if (lines.stalled()) {
                        throw new LlmTimeoutException(
                                "pulling " + name + ": no progress from " + url + " for longer than requestTimeout");
                    }
                    throw new LlmHttpException(
                            url, 0, "pulling " + name + ": the progress stream broke: " + e.getMessage(), true, e);
                }
                if (line == null) {
                    throw new LlmHttpException(
                            url, 0, "pulling " + name + ": the progress stream ended without success", true, null);
                }
                String error = NdjsonLines.error(line);
                if (error != null) {
                    throw new LlmHttpException(url, 0, error, false, null);
                }
                PullProgress progress = new PullProgress(
                        line.path("status").asText(""),
                        text(line, "digest"),
                        line.path("total").asLong(0),
                        line.path("completed").asLong(0));
                if (listener != null) {
                    listener.accept(progress);
                }
                if (progress.isSuccess()) {
                    return;
                }
            }
        }
    }

    private static ObjectNode modelBody(String name) {
        if (name == null || name.isBlank()) {
            throw new LlmInvalidRequestException("a model name is required");
        }
        ObjectNode body = MAPPER.createObjectNode();
        body.put("model", name.trim());
        return body;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    @Override
    public String toString() {
        return "OllamaModels[" + baseUrl() + "]";
    }
}
