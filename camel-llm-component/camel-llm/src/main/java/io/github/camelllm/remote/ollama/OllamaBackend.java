package io.github.camelllm.remote.ollama;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.camelllm.remote.HttpTransport;
import io.github.camelllm.remote.RemoteConnection;
import io.github.camelllm.remote.ServerStatus;
import io.github.camelllm.spi.ChatMessage;
import io.github.camelllm.spi.EmbeddingRequest;
import io.github.camelllm.spi.EmbeddingResult;
import io.github.camelllm.spi.GenerationRequest;
import io.github.camelllm.spi.GenerationStream;
import io.github.camelllm.spi.LlmBackend;
import io.github.camelllm.spi.LlmBackendContext;
import io.github.camelllm.spi.LlmHealth;
import io.github.camelllm.spi.LlmHealthOptions;
import io.github.camelllm.spi.LlmHttpException;
import io.github.camelllm.spi.LlmInvalidRequestException;
import io.github.camelllm.spi.RemoteSettings;
import io.github.camelllm.spi.SamplingOptions;

/**
 * A model served by Ollama, through its native API.
 * <ul>
 * <li>{@code llm:call} → {@code POST /api/generate} with {@code raw:true}: the prompt goes to the model verbatim, with
 * no template and no system prompt, as llm:call does on the other backends.</li>
 * <li>{@code llm:chat} (and llm:stream with a conversation) → {@code POST /api/chat}: Ollama applies the model's own
 * template (from its Modelfile), so the {@code chatTemplate} option is refused.</li>
 * <li>Both always stream ({@code stream:true}, NDJSON) and always send {@code options.num_ctx}: contextSize when set,
 * otherwise maxContextSize. Without it Ollama uses its own default (2048 on many versions) and silently drops the
 * start of longer prompts.</li>
 * <li>{@code jsonSchema} → {@code format: <schema>} (Ollama structured outputs); {@code grammar} is not supported by
 * Ollama and is refused.</li>
 * <li>{@code llm:embed} → {@code POST /api/embed} with {@code truncate:false}, so that an input longer than the
 * context fails instead of being cut. {@code options.num_ctx} is sent there only when contextSize is set (embedding
 * models often have short trained contexts). Ollama already returns unit-length vectors: {@code normalize=true}
 * normalises again (a no-op), {@code normalize=false} cannot undo it.</li>
 * <li>{@code keep_alive} is sent when the keepAlive option is set; a number is sent as a number (seconds, 0 unloads at
 * once, -1 keeps the model loaded), anything else as a Go duration string such as {@code 10m}.</li>
 * </ul>
 */
final class OllamaBackend implements LlmBackend {

    private final RemoteConnection connection;
    private final HttpTransport transport;
    private final String model;
    private final int numCtx;
    private final Integer embedNumCtx;
    private final Object keepAlive;

    OllamaBackend(RemoteSettings settings, LlmBackendContext context, int numCtx, Integer embedNumCtx) {
        this.connection = RemoteConnection.open(settings, context);
        this.transport = connection.transport();
        this.model = transport.settings().model();
        this.numCtx = numCtx;
        this.embedNumCtx = embedNumCtx;
        this.keepAlive = keepAlive(transport.settings().keepAlive());
    }

    @Override
    public String name() {
        return "ollama";
    }

    @Override
    public String modelName() {
        return model;
    }

    @Override
    public GenerationStream generate(GenerationRequest request) {
        long start = System.nanoTime();
        SamplingOptions s = request.sampling();
        if (s.grammar() != null) {
            throw new LlmInvalidRequestException(
                    "option grammar is not supported by the ollama backend (Ollama has no GBNF"
                            + " grammars): use jsonSchema for structured output, or the local backend");
        }
        ObjectNode body = mapper().createObjectNode();
        body.put("model", model);
        String path;
        if (request.isChat()) {
            if (request.chatTemplate() != null) {
                throw new LlmInvalidRequestException(
                        "option chatTemplate is not supported by the ollama backend: Ollama applies"
                                + " the model's own template (set TEMPLATE in the Modelfile to change it)");
            }
            path = "/api/chat";
            ArrayNode messages = body.putArray("messages");
            for (ChatMessage m : request.messages()) {
                messages.addObject().put("role", m.role()).put("content", m.content());
            }
        } else {
            path = "/api/generate";
            body.put("prompt", request.prompt());
            body.put("raw", true);
        }
        body.put("stream", true);
        body.set("options", options(s));
        if (keepAlive != null) {
            body.putPOJO("keep_alive", keepAlive);
        }
        if (s.jsonSchema() != null) {
            body.set("format", readSchema(s.jsonSchema()));
        }
        return OllamaGeneration.start(transport, path, body, request.isChat(), model, request.timeoutMillis(), start);
    }

    private ObjectNode options(SamplingOptions s) {
        ObjectNode o = mapper().createObjectNode();
        o.put("num_ctx", numCtx);
        o.put("num_predict", s.maxTokens());
        o.put("temperature", s.temperature());
        o.put("top_p", s.topP());
        o.put("top_k", s.topK());
        o.put("min_p", s.minP());
        o.put("repeat_penalty", s.repeatPenalty());
        if (s.seed() != null) {
            o.put("seed", s.seed());
        }
        if (!s.stop().isEmpty()) {
            ArrayNode stop = o.putArray("stop");
            s.stop().forEach(stop::add);
        }
        return o;
    }

    private JsonNode readSchema(String schema) {
        try {
            return mapper().readTree(schema);
        } catch (IOException e) {
            throw new LlmInvalidRequestException("jsonSchema is not valid JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public EmbeddingResult embed(EmbeddingRequest request) {
        long start = System.nanoTime();
        ObjectNode body = mapper().createObjectNode();
        body.put("model", model);
        ArrayNode input = body.putArray("input");
        request.inputs().forEach(input::add);
        body.put("truncate", false);
        if (embedNumCtx != null) {
            body.putObject("options").put("num_ctx", embedNumCtx);
        }
        if (keepAlive != null) {
            body.putPOJO("keep_alive", keepAlive);
        }
        JsonNode response = transport.postJson("/api/embed", body);
        String url = transport.url("/api/embed");
        JsonNode embeddings = response.get("embeddings");
        if (embeddings == null || !embeddings.isArray()) {
            throw new LlmHttpException(url, 200, "the response has no embeddings array", false, null);
        }
        if (embeddings.size() != request.inputs().size()) {
            throw new LlmHttpException(
                    url,
                    200,
                    "the server returned " + embeddings.size() + " embeddings for "
                            + request.inputs().size() + " inputs",
                    false,
                    null);
        }
        List<float[]> vectors = new ArrayList<>(embeddings.size());
        for (JsonNode e : embeddings) {
            float[] v = new float[e.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) e.get(i).asDouble();
            }
            vectors.add(v);
        }
        return new EmbeddingResult(
                vectors, response.path("prompt_eval_count").asInt(0), (System.nanoTime() - start) / 1_000_000);
    }

    /** keepAlive as Ollama wants it: a number of seconds as a JSON number, a duration ("5m") as a string. */
    static Object keepAlive(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException notInteger) {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException notNumber) {
                return v;
            }
        }
    }

    /**
     * GET {@code /api/tags} with the health timeout: DOWN when the server cannot be reached or fails, and when the
     * model is not installed on it (every request would fail with 404); UP otherwise.
     */
    @Override
    public LlmHealth status(LlmHealthOptions options) {
        String base = transport.settings().baseUrl();
        String url = transport.url("/api/tags");
        ServerStatus.Reply reply = connection
                .status()
                .get(url, transport.settings().apiKey(), options.timeoutMillis(), options.cacheMillis());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("checked", "GET " + url);
        if (!reply.answered()) {
            return LlmHealth.down(
                    name(),
                    model,
                    base,
                    "the Ollama server at " + base + " is unreachable: " + reply.failure(),
                    reply.error(),
                    details);
        }
        details.put("httpStatus", reply.status());
        if (reply.status() >= 400) {
            return LlmHealth.down(
                    name(),
                    model,
                    base,
                    "the Ollama server at " + base + " answered HTTP " + reply.status() + ": " + reply.serverMessage(),
                    null,
                    details);
        }
        Set<String> installed = new HashSet<>();
        try {
            for (JsonNode m : mapper().readTree(reply.body()).path("models")) {
                installed.add(canonical(m.path("name").asText(m.path("model").asText(""))));
            }
        } catch (IOException e) {
            return LlmHealth.down(
                    name(),
                    model,
                    base,
                    "the Ollama server at " + base + " sent a model list that is not JSON: " + e.getMessage(),
                    e,
                    details);
        }
        details.put("installedModels", installed.size());
        if (model != null && !installed.contains(canonical(model))) {
            return LlmHealth.down(
                    name(),
                    model,
                    base,
                    "model '" + model + "' is not installed on the Ollama server at " + base
                            + ": pull it first (ollama pull " + model + ", or camel-llm model pull " + model
                            + "@ollama)",
                    null,
                    details);
        }
        return LlmHealth.up(name(), model, base, details);
    }

    /** Ollama's names: {@code llama3} and {@code llama3:latest} are the same model. */
    static String canonical(String name) {
        String n = name == null ? "" : name.trim();
        int slash = n.lastIndexOf('/');
        return n.indexOf(':', slash + 1) < 0 ? n + ":latest" : n;
    }

    private ObjectMapper mapper() {
        return transport.mapper();
    }

    @Override
    public void close() {
        connection.close();
    }
}
