package io.github.camelllm.remote.openai;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.camelllm.remote.HttpTransport;
import io.github.camelllm.remote.RemoteConnection;
import io.github.camelllm.remote.ServerStatus;
import io.github.camelllm.spi.EmbeddingRequest;
import io.github.camelllm.spi.EmbeddingResult;
import io.github.camelllm.spi.GenerationRequest;
import io.github.camelllm.spi.GenerationStream;
import io.github.camelllm.spi.LlmBackend;
import io.github.camelllm.spi.LlmBackendContext;
import io.github.camelllm.spi.LlmException;
import io.github.camelllm.spi.LlmHealth;
import io.github.camelllm.spi.LlmHealthOptions;
import io.github.camelllm.spi.LlmHttpException;
import io.github.camelllm.spi.RemoteSettings;
import io.github.camelllm.support.FloatVectors;

/**
 * A model behind an OpenAI-compatible HTTP API.
 * <ul>
 * <li>call, chat and stream all stream ({@code /completions} or {@code /chat/completions} with {@code stream: true}),
 * so that there is one code path and time-to-first-token is measured the same way as for the local backend. The
 * request is sent, retried and checked by {@link #generate} before it returns: HTTP errors fail the exchange there.</li>
 * <li>embed posts to {@code /embeddings} with {@code encoding_format: float}; base64 replies are decoded too.</li>
 * <li>{@code timeout} bounds a generation from the request to its last event; {@code requestTimeout} bounds each
 * attempt until the response headers, and each silence between two events of a stream. {@code queueTimeout} does not
 * apply: the server queues requests itself. For embed, only requestTimeout applies.</li>
 * <li>The model name reported is the configured one; without one, the name the server echoed in its last reply, or
 * else the first entry of {@code GET /models}.</li>
 * </ul>
 */
final class OpenAiBackend implements LlmBackend {

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiBackend.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final RemoteSettings settings;
    private final RemoteConnection connection;
    private final HttpTransport transport;
    private final Set<OpenAiGeneration> running = ConcurrentHashMap.newKeySet();
    private volatile String echoedModel;
    private volatile String listedModel;

    OpenAiBackend(RemoteSettings settings, LlmBackendContext context) {
        this.settings = settings;
        this.connection = RemoteConnection.open(settings, context);
        this.transport = connection.transport();
    }

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public String modelName() {
        if (settings.model() != null) {
            return settings.model();
        }
        String echoed = echoedModel;
        if (echoed != null) {
            return echoed;
        }
        String listed = listedModel;
        if (listed == null) {
            listed = firstListedModel();
            listedModel = listed;
        }
        return listed;
    }

    /** The first id of GET /models, or "unknown" when the server has no such list. */
    private String firstListedModel() {
        try {
            JsonNode first = transport.getJson("/models").path("data").path(0).path("id");
            if (first.isTextual() && !first.asText().isBlank()) {
                return first.asText();
            }
        } catch (LlmException e) {
            LOG.debug("cannot list the models of {}: {}", settings.baseUrl(), e.getMessage());
        }
        return "unknown";
    }

    /** For messages: the model name without asking the server. */
    String modelNameIfKnown() {
        if (settings.model() != null) {
            return settings.model();
        }
        String echoed = echoedModel;
        return echoed != null ? echoed : listedModel != null ? listedModel : "(server default)";
    }

    void echoModel(String model) {
        if (model != null && !model.isBlank()) {
            echoedModel = model;
        }
    }

    RemoteSettings settings() {
        return settings;
    }

    @Override
    public GenerationStream generate(GenerationRequest request) {
        String path = request.isChat() ? "/chat/completions" : "/completions";
        JsonNode body = OpenAiRequests.generation(MAPPER, settings.model(), request);
        long start = System.nanoTime();
        InputStream in = transport.postStream(path, body);
        OpenAiGeneration generation = new OpenAiGeneration(
                this,
                transport.url(path),
                in,
                request.isChat(),
                start,
                request.timeoutMillis(),
                request.sampling().maxTokens(),
                MAPPER);
        running.add(generation);
        return generation;
    }

    void ended(OpenAiGeneration generation) {
        running.remove(generation);
    }

    @Override
    public EmbeddingResult embed(EmbeddingRequest request) {
        long start = System.nanoTime();
        if (request.inputs().isEmpty()) {
            return new EmbeddingResult(List.of(), 0, 0);
        }
        String url = transport.url("/embeddings");
        JsonNode reply = transport.postJson(
                "/embeddings", OpenAiRequests.embeddings(MAPPER, settings.model(), request.inputs()));
        echoModel(reply.path("model").isTextual() ? reply.get("model").asText() : null);
        JsonNode data = reply.path("data");
        int n = request.inputs().size();
        if (!data.isArray() || data.size() != n) {
            throw malformed(
                    url, "expected " + n + " embeddings in 'data', got " + (data.isArray() ? data.size() : "none"));
        }
        float[][] vectors = new float[n][];
        for (int i = 0; i < n; i++) {
            JsonNode item = data.get(i);
            int index = item.path("index").isInt() ? item.get("index").asInt() : i;
            if (index < 0 || index >= n || vectors[index] != null) {
                throw malformed(url, "embedding index " + index + " is out of range or repeated");
            }
            float[] v = vector(url, item.path("embedding"), index);
            vectors[index] = v;
        }
        int inputTokens = reply.path("usage").path("prompt_tokens").asInt(0);
        long durationMs = (System.nanoTime() - start) / 1_000_000;
        return new EmbeddingResult(List.of(vectors), inputTokens, durationMs);
    }

    private static float[] vector(String url, JsonNode embedding, int index) {
        if (embedding.isArray()) {
            float[] v = new float[embedding.size()];
            for (int i = 0; i < v.length; i++) {
                JsonNode x = embedding.get(i);
                if (!x.isNumber()) {
                    throw malformed(url, "embedding " + index + " has a non-number at position " + i);
                }
                v[i] = x.floatValue();
            }
            return v;
        }
        if (embedding.isTextual()) {
            try {
                return FloatVectors.fromBase64(embedding.asText());
            } catch (IllegalArgumentException e) {
                throw malformed(
                        url, "embedding " + index + " is neither a float array nor base64 floats: " + e.getMessage());
            }
        }
        throw malformed(url, "embedding " + index + " is missing");
    }

    private static LlmHttpException malformed(String url, String what) {
        return new LlmHttpException(url, 0, "unexpected reply: " + what, false, null);
    }

    /**
     * GET {@code /models} with the health timeout: DOWN when the server cannot be reached, refuses the API key (401,
     * 403) or fails (5xx); UP for any other answer, since the server is there (some servers have no model list).
     */
    @Override
    public LlmHealth status(LlmHealthOptions options) {
        String url = transport.url("/models");
        ServerStatus.Reply reply =
                connection.status().get(url, settings.apiKey(), options.timeoutMillis(), options.cacheMillis());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("checked", "GET " + url);
        String model = modelNameIfKnown();
        if (!reply.answered()) {
            return LlmHealth.down(
                    name(),
                    model,
                    settings.baseUrl(),
                    "the openai server at " + settings.baseUrl() + " is unreachable: " + reply.failure(),
                    reply.error(),
                    details);
        }
        details.put("httpStatus", reply.status());
        if (reply.status() == 401 || reply.status() == 403) {
            return LlmHealth.down(
                    name(),
                    model,
                    settings.baseUrl(),
                    "the openai server at " + settings.baseUrl() + " refused the API key (HTTP " + reply.status()
                            + "): " + reply.serverMessage(),
                    null,
                    details);
        }
        if (reply.status() >= 500) {
            return LlmHealth.down(
                    name(),
                    model,
                    settings.baseUrl(),
                    "the openai server at " + settings.baseUrl() + " answered HTTP " + reply.status() + ": "
                            + reply.serverMessage(),
                    null,
                    details);
        }
        return LlmHealth.up(name(), model, settings.baseUrl(), details);
    }

    /** Cancels the generations still running (the route is stopping). */
    @Override
    public void close() {
        for (OpenAiGeneration g : new ArrayList<>(running)) {
            g.close();
        }
        running.clear();
        connection.close();
    }

    HttpTransport transport() {
        return transport;
    }
}
