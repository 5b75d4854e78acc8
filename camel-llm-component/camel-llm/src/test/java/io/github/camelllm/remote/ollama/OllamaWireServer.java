package io.github.camelllm.remote.ollama;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An in-JVM server speaking Ollama's native HTTP API, for tests. Depends on the JDK and Jackson only.
 * <p>
 * Endpoints: {@code POST /api/generate}, {@code POST /api/chat} (NDJSON streaming, {@code application/x-ndjson},
 * chunked, one JSON object per line, flushed per line; a single JSON object with {@code "stream":false}),
 * {@code POST /api/embed}, {@code GET /api/tags}, {@code POST /api/show}, {@code DELETE /api/delete},
 * {@code POST /api/pull} (progress stream), {@code GET /api/version} and {@code GET /}.
 * <p>
 * Answers come from an {@link Engine} ({@link ScriptedEngine} for scripted text, or an adapter over a real model).
 * Requests for a model that is not installed ({@link #addModel}) fail as Ollama does: HTTP 404
 * {@code {"error":"model 'x' not found, try pulling it first"}}. {@link #failNext(Fault)} scripts a fault for the
 * next generate/chat/embed/pull request: an error line mid-stream, a dropped connection, a stream that ends without
 * {@code done:true}, an HTTP error, a slow start or a stall.
 * <p>
 * Every request is recorded ({@link #requests()}, {@link #lastRequest(String)}) so that tests can assert what the
 * client sent (num_ctx, keep_alive, format, raw, options, ...). A generation whose client goes away is closed
 * ({@link Completion#close()}) and counted in {@link #cancelledGenerations()}.
 *
 * <pre>{@code
 * try (OllamaWireServer server = OllamaWireServer.start(new OllamaWireServer.ScriptedEngine().reply("Hello world"), "tiny")) {
 *     String baseUrl = server.baseUrl();   // http://127.0.0.1:<port>
 * }
 * }</pre>
 */
public final class OllamaWireServer implements AutoCloseable {

    // ------------------------------------------------------------------------------------------------ engine SPI

    /** Produces the answers of the server. Implementations must be thread-safe. */
    public interface Engine {

        /** Starts a completion of {@code /api/generate} ({@link CompletionRequest#prompt()}) or {@code /api/chat}. */
        Completion complete(CompletionRequest request);

        /** One vector per input, in order. Ollama returns unit-length vectors. */
        float[][] embed(String model, List<String> inputs);

        /** Prompt tokens reported for the embedded inputs ({@code prompt_eval_count}); by default a word count. */
        default int countTokens(List<String> inputs) {
            return inputs.stream().mapToInt(OllamaWireServer::words).sum();
        }
    }

    /** A running completion, read piece by piece by the server. */
    public interface Completion extends AutoCloseable {

        /** The next text piece, or null when the completion has ended. */
        String nextPiece();

        /** Prompt tokens ({@code prompt_eval_count}). */
        int promptTokens();

        /** After the end: {@code stop} or {@code length}. */
        String doneReason();

        /** After the end: generated tokens ({@code eval_count}). */
        int outputTokens();

        /** Called when the client went away before the end, and after the end; stops the generation. */
        @Override
        default void close() {}

        /** A completion of fixed pieces. */
        static Completion of(int promptTokens, String doneReason, List<String> pieces) {
            Iterator<String> it = List.copyOf(pieces).iterator();
            return new Completion() {
                @Override
                public String nextPiece() {
                    return it.hasNext() ? it.next() : null;
                }

                @Override
                public int promptTokens() {
                    return promptTokens;
                }

                @Override
                public String doneReason() {
                    return doneReason;
                }

                @Override
                public int outputTokens() {
                    return pieces.size();
                }
            };
        }
    }

    /**
     * What a generate or chat request asked for.
     *
     * @param path     {@code /api/generate} or {@code /api/chat}
     * @param prompt   the prompt of /api/generate, null for chat
     * @param system   the {@code system} field of /api/generate, or null
     * @param messages the messages of /api/chat, null for generate
     * @param options  the {@code options} object (empty when absent)
     * @param format   the {@code format} field ({@code "json"} or a JSON schema), or null
     * @param body     the whole request
     */
    public record CompletionRequest(
            String path,
            String model,
            String prompt,
            String system,
            List<Message> messages,
            boolean raw,
            ObjectNode options,
            JsonNode format,
            JsonNode body) {

        public boolean isChat() {
            return messages != null;
        }

        /** {@code options.num_predict}, -1 (no limit) when absent. */
        public int numPredict() {
            return options.path("num_predict").asInt(-1);
        }

        /** {@code options.num_ctx}, or null when the client did not send it. */
        public Integer numCtx() {
            return options.hasNonNull("num_ctx") ? options.get("num_ctx").asInt() : null;
        }

        /** {@code options.stop}, empty when absent. */
        public List<String> stop() {
            List<String> stop = new ArrayList<>();
            options.path("stop").forEach(s -> stop.add(s.asText()));
            return stop;
        }
    }

    /** A chat message of /api/chat. */
    public record Message(String role, String content) {}

    /** A request as received. */
    public record RecordedRequest(String method, String path, Map<String, List<String>> headers, JsonNode body) {

        /** First value of a header (case-insensitive), or null. */
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------------ faults

    /** A scripted misbehaviour for one request; see {@link #failNext(Fault)}. */
    public static final class Fault {

        enum Kind {
            ERROR_LINE,
            DROP,
            END_WITHOUT_DONE,
            HTTP_ERROR,
            SLOW_START,
            STALL
        }

        final Kind kind;
        final int afterLines;
        final String message;
        final int status;
        final long millis;

        private Fault(Kind kind, int afterLines, String message, int status, long millis) {
            this.kind = kind;
            this.afterLines = afterLines;
            this.message = message;
            this.status = status;
            this.millis = millis;
        }

        /** After {@code lines} content lines, sends {@code {"error":message}} and ends the stream (HTTP 200). */
        public static Fault errorAfter(int lines, String message) {
            return new Fault(Kind.ERROR_LINE, lines, message, 200, 0);
        }

        /** After {@code lines} content lines, breaks the connection (the response body ends short of its length). */
        public static Fault dropAfter(int lines) {
            return new Fault(Kind.DROP, lines, null, 200, 0);
        }

        /** After {@code lines} content lines, ends the chunked stream cleanly but without the done:true line. */
        public static Fault endWithoutDone(int lines) {
            return new Fault(Kind.END_WITHOUT_DONE, lines, null, 200, 0);
        }

        /** Answers with this HTTP status and {@code {"error":message}} instead of the normal response. */
        public static Fault httpError(int status, String message) {
            return new Fault(Kind.HTTP_ERROR, 0, message, status, 0);
        }

        /** Waits before sending the response headers (a model being loaded). */
        public static Fault slowStart(long millis) {
            return new Fault(Kind.SLOW_START, 0, null, 200, millis);
        }

        /** After {@code lines} content lines, stays silent for {@code millis}, then continues. */
        public static Fault stallAfter(int lines, long millis) {
            return new Fault(Kind.STALL, lines, null, 200, millis);
        }

        @Override
        public String toString() {
            return kind.name().toLowerCase(Locale.ROOT) + (message == null ? "" : "(" + message + ")");
        }
    }

    // ------------------------------------------------------------------------------------------------ scripted engine

    /**
     * An engine answering with scripted text, split after each whitespace run into pieces (one piece = one token).
     * It honours {@code num_predict} (done_reason {@code length}) and {@code stop} strings; prompt tokens are counted
     * as words. {@link #endless()} generates until the client goes away. Embeddings are deterministic unit vectors
     * derived from the text.
     */
    public static final class ScriptedEngine implements Engine {

        private volatile Function<CompletionRequest, String> reply = r -> "Hello from the wire server.";
        private volatile boolean endless;
        private volatile int dimension = 8;
        private final AtomicInteger closed = new AtomicInteger();

        /** Answers every completion with this text. */
        public ScriptedEngine reply(String text) {
            this.reply = r -> text;
            this.endless = false;
            return this;
        }

        /** Answers with a text computed from the request. */
        public ScriptedEngine reply(Function<CompletionRequest, String> reply) {
            this.reply = reply;
            this.endless = false;
            return this;
        }

        /** Generates "tick " pieces until num_predict or until the client goes away. */
        public ScriptedEngine endless() {
            this.endless = true;
            return this;
        }

        public ScriptedEngine dimension(int dimension) {
            this.dimension = dimension;
            return this;
        }

        /** Completions closed so far (at their end or because the client went away). */
        public int closedCompletions() {
            return closed.get();
        }

        @Override
        public Completion complete(CompletionRequest request) {
            int prompt = request.isChat()
                    ? request.messages().stream()
                            .mapToInt(m -> words(m.content()) + 4)
                            .sum()
                    : words(request.prompt());
            int limit = request.numPredict();
            List<String> stops = request.stop();
            Iterator<String> source =
                    endless ? endlessTicks() : split(reply.apply(request)).iterator();
            return new Completion() {
                private final StringBuilder text = new StringBuilder();
                private int produced;
                private String reason;
                private boolean ended;

                @Override
                public String nextPiece() {
                    if (ended) {
                        return null;
                    }
                    if (limit >= 0 && produced >= limit && source.hasNext()) {
                        return end("length");
                    }
                    if (!source.hasNext()) {
                        return end("stop");
                    }
                    String piece = source.next();
                    int before = text.length();
                    text.append(piece);
                    for (String stop : stops) {
                        int at = text.indexOf(stop, Math.max(0, before - stop.length() + 1));
                        if (at >= 0) {
                            ended = true;
                            reason = "stop";
                            produced++;
                            String kept = at > before ? text.substring(before, at) : "";
                            return kept.isEmpty() ? null : kept;
                        }
                    }
                    produced++;
                    return piece;
                }

                private String end(String why) {
                    ended = true;
                    reason = why;
                    return null;
                }

                @Override
                public int promptTokens() {
                    return prompt;
                }

                @Override
                public String doneReason() {
                    return reason == null ? "stop" : reason;
                }

                @Override
                public int outputTokens() {
                    return produced;
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
        }

        private static Iterator<String> endlessTicks() {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public String next() {
                    return "tick ";
                }
            };
        }

        @Override
        public float[][] embed(String model, List<String> inputs) {
            float[][] out = new float[inputs.size()][];
            for (int i = 0; i < out.length; i++) {
                java.util.Random random = new java.util.Random(inputs.get(i).hashCode());
                float[] v = new float[dimension];
                double sum = 0;
                for (int j = 0; j < v.length; j++) {
                    v[j] = (float) random.nextGaussian();
                    sum += v[j] * v[j];
                }
                double norm = Math.sqrt(sum);
                for (int j = 0; j < v.length; j++) {
                    v[j] = (float) (v[j] / norm);
                }
                out[i] = v;
            }
            return out;
        }

        /** Splits after each whitespace run: "Hello big world" → "Hello ", "big ", "world". */
        public static List<String> split(String text) {
            List<String> pieces = new ArrayList<>();
            int start = 0;
            for (int i = 1; i <= text.length(); i++) {
                boolean boundary = i == text.length()
                        || (Character.isWhitespace(text.charAt(i - 1)) && !Character.isWhitespace(text.charAt(i)));
                if (boundary && i > start) {
                    pieces.add(text.substring(start, i));
                    start = i;
                }
            }
            return pieces;
        }
    }

    // ------------------------------------------------------------------------------------------------ installed models

    private record Installed(
            String name,
            long size,
            String digest,
            String family,
            String parameterSize,
            String quantization,
            int contextLength,
            Instant modified) {}

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Engine engine;
    private final Map<String, Installed> models = new ConcurrentHashMap<>();
    private final Map<String, long[]> pullable = new ConcurrentHashMap<>();
    private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, JsonNode> lastByPath = new ConcurrentHashMap<>();
    private final AtomicInteger cancelled = new AtomicInteger();
    private volatile long pieceDelayMillis;
    private volatile boolean requireInstalled = true;

    private OllamaWireServer(Engine engine) throws IOException {
        this.engine = engine;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ollama-wire-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a server on 127.0.0.1 with an ephemeral port and the given installed models. */
    public static OllamaWireServer start(Engine engine, String... installedModels) {
        try {
            OllamaWireServer s = new OllamaWireServer(engine);
            for (String m : installedModels) {
                s.addModel(m);
            }
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Ollama wire server", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>} */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public Engine engine() {
        return engine;
    }

    /** Installs a model (listed by /api/tags, usable by generate/chat/embed). */
    public OllamaWireServer addModel(String name) {
        return addModel(name, 1_234_567L, "llama", "1.0M", "Q8_0", 4096);
    }

    public OllamaWireServer addModel(
            String name, long size, String family, String parameterSize, String quantization, int contextLength) {
        String n = canonical(name);
        models.put(
                n,
                new Installed(
                        n,
                        size,
                        "sha256:" + sha(n),
                        family,
                        parameterSize,
                        quantization,
                        contextLength,
                        Instant.now()));
        return this;
    }

    /** Makes a model available to /api/pull, with layers of these sizes (bytes). */
    public OllamaWireServer addPullable(String name, long... layerSizes) {
        pullable.put(canonical(name), layerSizes.clone());
        return this;
    }

    /** Whether generate/chat/embed answer 404 for models not installed (default true). */
    public OllamaWireServer requireInstalled(boolean require) {
        this.requireInstalled = require;
        return this;
    }

    /** Pause between streamed lines (default 0). */
    public OllamaWireServer pieceDelayMillis(long millis) {
        this.pieceDelayMillis = millis;
        return this;
    }

    /** Applies a fault to the next generate, chat, embed or pull request (faults are used in order, once each). */
    public OllamaWireServer failNext(Fault fault) {
        faults.add(fault);
        return this;
    }

    /** Installed model names (with their tag, e.g. {@code tiny:latest}). */
    public List<String> installedModels() {
        List<String> names = new ArrayList<>(models.keySet());
        Collections.sort(names);
        return names;
    }

    /** All requests received, in order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The JSON body of the last request to a path (e.g. {@code /api/chat}), or null. */
    public JsonNode lastRequest(String path) {
        return lastByPath.get(path);
    }

    /** Number of requests to a path. */
    public long requestCount(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).count();
    }

    /** Generations stopped because the client went away before the end. */
    public int cancelledGenerations() {
        return cancelled.get();
    }

    public void reset() {
        requests.clear();
        lastByPath.clear();
        faults.clear();
        cancelled.set(0);
        pieceDelayMillis = 0;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------------------ HTTP

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = ex.getRequestURI().getPath();
            JsonNode body = readBody(ex);
            if (body == null && hasBody(method)) {
                sendError(ex, 400, "invalid JSON body");
                return;
            }
            RecordedRequest recorded = new RecordedRequest(
                    method, path, Map.copyOf(ex.getRequestHeaders()), body == null ? MAPPER.nullNode() : body);
            requests.add(recorded);
            if (body != null) {
                lastByPath.put(path, body);
            }
            try {
                route(ex, method, path, body);
            } catch (RuntimeException engineRefused) {
                // an engine that refuses a request (e.g. a prompt longer than the context) answers like Ollama does
                // with a bad request: {"error": "..."}, when nothing was sent yet
                if (ex.getResponseCode() == -1) {
                    sendError(ex, 400, String.valueOf(engineRefused.getMessage()));
                }
            }
        } catch (IOException clientGone) {
            // the client closed the connection
        }
    }

    private void route(HttpExchange ex, String method, String path, JsonNode body) throws IOException {
        switch (method + " " + path) {
            case "GET /", "HEAD /" -> sendText(ex, 200, "Ollama is running");
            case "GET /api/version" ->
                sendJson(ex, 200, MAPPER.createObjectNode().put("version", "0.0.0-wire"));
            case "GET /api/tags" -> tags(ex);
            case "POST /api/show" -> show(ex, body);
            case "DELETE /api/delete" -> delete(ex, body);
            case "POST /api/pull" -> pull(ex, body);
            case "POST /api/generate" -> complete(ex, body, false);
            case "POST /api/chat" -> complete(ex, body, true);
            case "POST /api/embed" -> embed(ex, body);
            default -> {
                if (List.of(
                                "/",
                                "/api/version",
                                "/api/tags",
                                "/api/show",
                                "/api/delete",
                                "/api/pull",
                                "/api/generate",
                                "/api/chat",
                                "/api/embed")
                        .contains(path)) {
                    sendText(ex, 405, "405 method not allowed");
                } else {
                    sendText(ex, 404, "404 page not found");
                }
            }
        }
    }

    private static boolean hasBody(String method) {
        return method.equals("POST") || method.equals("DELETE");
    }

    private static JsonNode readBody(HttpExchange ex) {
        try (InputStream in = ex.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length == 0) {
                return null;
            }
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }

    private void complete(HttpExchange ex, JsonNode body, boolean chat) throws IOException {
        Fault fault = faults.poll();
        if (!slowStart(fault)) {
            return;
        }
        String model = body.path("model").asText("");
        if (model.isBlank()) {
            sendError(ex, 400, "model is required");
            return;
        }
        if (requireInstalled && !models.containsKey(canonical(model))) {
            sendError(ex, 404, "model '" + model + "' not found, try pulling it first");
            return;
        }
        if (fault != null && fault.kind == Fault.Kind.HTTP_ERROR) {
            sendError(ex, fault.status, fault.message);
            return;
        }
        List<Message> messages = null;
        if (chat) {
            messages = new ArrayList<>();
            for (JsonNode m : body.path("messages")) {
                messages.add(
                        new Message(m.path("role").asText(""), m.path("content").asText("")));
            }
        }
        ObjectNode options = body.get("options") instanceof ObjectNode o ? o : MAPPER.createObjectNode();
        JsonNode format = body.hasNonNull("format") ? body.get("format") : null;
        CompletionRequest request = new CompletionRequest(
                chat ? "/api/chat" : "/api/generate",
                model,
                chat ? null : body.path("prompt").asText(""),
                body.hasNonNull("system") ? body.get("system").asText() : null,
                messages,
                body.path("raw").asBoolean(false),
                options,
                format,
                body);
        long start = System.nanoTime();
        boolean stream = body.path("stream").asBoolean(true);
        try (Completion completion = engine.complete(request)) {
            if (!stream) {
                StringBuilder text = new StringBuilder();
                for (String piece = completion.nextPiece(); piece != null; piece = completion.nextPiece()) {
                    text.append(piece);
                }
                sendJson(ex, 200, done(model, chat, text.toString(), completion, start));
                return;
            }
            boolean drop = fault != null && fault.kind == Fault.Kind.DROP;
            ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
            ex.sendResponseHeaders(200, drop ? 1L << 30 : 0); // 0: chunked; a drop announces a length it never sends
            OutputStream out = ex.getResponseBody();
            int lines = 0;
            try {
                while (true) {
                    if (fault != null && lines == fault.afterLines && applyMidStream(fault, out)) {
                        return;
                    }
                    String piece = completion.nextPiece();
                    if (piece == null) {
                        break;
                    }
                    ObjectNode line = line(model, chat, piece).put("done", false);
                    writeLine(out, line);
                    lines++;
                    if (pieceDelayMillis > 0) {
                        sleep(pieceDelayMillis);
                    }
                }
                writeLine(out, done(model, chat, "", completion, start));
            } catch (IOException clientGone) {
                cancelled.incrementAndGet();
                throw clientGone;
            }
        }
    }

    /** Returns true when the fault ended the response. */
    private boolean applyMidStream(Fault fault, OutputStream out) throws IOException {
        switch (fault.kind) {
            case ERROR_LINE -> {
                writeLine(out, MAPPER.createObjectNode().put("error", fault.message));
                return true;
            }
            case END_WITHOUT_DONE -> {
                return true;
            }
            case DROP -> {
                out.flush();
                return true; // closing the exchange short of the announced length breaks the connection
            }
            case STALL -> {
                sleep(fault.millis);
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    /** Sleeps for a slow-start fault; false when interrupted (server closing). */
    private static boolean slowStart(Fault fault) {
        if (fault != null && fault.kind == Fault.Kind.SLOW_START) {
            return sleep(fault.millis);
        }
        return true;
    }

    private ObjectNode line(String model, boolean chat, String text) {
        ObjectNode line = MAPPER.createObjectNode();
        line.put("model", model);
        line.put("created_at", Instant.now().toString());
        if (chat) {
            line.putObject("message").put("role", "assistant").put("content", text);
        } else {
            line.put("response", text);
        }
        return line;
    }

    private ObjectNode done(String model, boolean chat, String text, Completion completion, long start) {
        long total = System.nanoTime() - start;
        ObjectNode line = line(model, chat, text);
        line.put("done", true);
        line.put("done_reason", completion.doneReason());
        line.put("total_duration", total);
        line.put("load_duration", total / 10);
        line.put("prompt_eval_count", completion.promptTokens());
        line.put("prompt_eval_duration", total / 5);
        line.put("eval_count", completion.outputTokens());
        line.put("eval_duration", total - total / 10 - total / 5);
        return line;
    }

    private void embed(HttpExchange ex, JsonNode body) throws IOException {
        Fault fault = faults.poll();
        if (!slowStart(fault)) {
            return;
        }
        String model = body.path("model").asText("");
        if (requireInstalled && !models.containsKey(canonical(model))) {
            sendError(ex, 404, "model '" + model + "' not found, try pulling it first");
            return;
        }
        if (fault != null && fault.kind == Fault.Kind.HTTP_ERROR) {
            sendError(ex, fault.status, fault.message);
            return;
        }
        List<String> inputs = new ArrayList<>();
        JsonNode input = body.get("input");
        if (input != null && input.isArray()) {
            input.forEach(i -> inputs.add(i.asText()));
        } else if (input != null && input.isTextual()) {
            inputs.add(input.asText());
        }
        long start = System.nanoTime();
        float[][] vectors = engine.embed(model, inputs);
        ObjectNode response = MAPPER.createObjectNode();
        response.put("model", model);
        ArrayNode embeddings = response.putArray("embeddings");
        for (float[] v : vectors) {
            ArrayNode a = embeddings.addArray();
            for (float x : v) {
                a.add(x);
            }
        }
        long total = System.nanoTime() - start;
        response.put("total_duration", total);
        response.put("load_duration", 0);
        response.put("prompt_eval_count", engine.countTokens(inputs));
        sendJson(ex, 200, response);
    }

    private void tags(HttpExchange ex) throws IOException {
        ObjectNode response = MAPPER.createObjectNode();
        ArrayNode list = response.putArray("models");
        for (String name : installedModels()) {
            Installed m = models.get(name);
            if (m == null) {
                continue;
            }
            ObjectNode o = list.addObject();
            o.put("name", m.name());
            o.put("model", m.name());
            o.put("modified_at", m.modified().toString());
            o.put("size", m.size());
            o.put("digest", m.digest().substring("sha256:".length()));
            o.set("details", details(m));
        }
        sendJson(ex, 200, response);
    }

    private ObjectNode details(Installed m) {
        ObjectNode d = MAPPER.createObjectNode();
        d.put("parent_model", "");
        d.put("format", "gguf");
        d.put("family", m.family());
        d.putArray("families").add(m.family());
        d.put("parameter_size", m.parameterSize());
        d.put("quantization_level", m.quantization());
        return d;
    }

    private void show(HttpExchange ex, JsonNode body) throws IOException {
        String name = modelName(body);
        Installed m = models.get(canonical(name));
        if (m == null) {
            sendError(ex, 404, "model '" + name + "' not found");
            return;
        }
        ObjectNode response = MAPPER.createObjectNode();
        response.put("license", "");
        response.put("modelfile", "# Modelfile generated by the Ollama wire server\nFROM " + m.name() + "\n");
        response.put("parameters", "stop \"<|end|>\"");
        response.put("template", "{{ .Prompt }}");
        response.set("details", details(m));
        ObjectNode info = response.putObject("model_info");
        info.put("general.architecture", m.family());
        info.put("general.parameter_count", 1_000_000);
        info.put(m.family() + ".context_length", m.contextLength());
        info.put(m.family() + ".embedding_length", 8);
        response.putArray("capabilities").add("completion").add("embedding");
        response.put("modified_at", m.modified().toString());
        sendJson(ex, 200, response);
    }

    private void delete(HttpExchange ex, JsonNode body) throws IOException {
        String name = modelName(body);
        if (models.remove(canonical(name)) == null) {
            sendError(ex, 404, "model '" + name + "' not found");
            return;
        }
        ex.sendResponseHeaders(200, -1);
    }

    private void pull(HttpExchange ex, JsonNode body) throws IOException {
        Fault fault = faults.poll();
        if (!slowStart(fault)) {
            return;
        }
        if (fault != null && fault.kind == Fault.Kind.HTTP_ERROR) {
            sendError(ex, fault.status, fault.message);
            return;
        }
        String name = modelName(body);
        String canonical = canonical(name);
        long[] layers = pullable.get(canonical);
        boolean stream = body.path("stream").asBoolean(true);
        if (!stream) {
            if (layers == null) {
                sendError(ex, 500, "pull model manifest: file does not exist");
                return;
            }
            install(canonical, layers);
            sendJson(ex, 200, MAPPER.createObjectNode().put("status", "success"));
            return;
        }
        boolean drop = fault != null && fault.kind == Fault.Kind.DROP;
        ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        ex.sendResponseHeaders(200, drop ? 1L << 30 : 0);
        OutputStream out = ex.getResponseBody();
        List<ObjectNode> events = new ArrayList<>();
        events.add(status("pulling manifest"));
        if (layers == null) {
            events.add(MAPPER.createObjectNode().put("error", "pull model manifest: file does not exist"));
        } else {
            for (int i = 0; i < layers.length; i++) {
                String digest = "sha256:" + sha(canonical + "#" + i);
                long total = layers[i];
                for (int step = 0; step <= 2; step++) {
                    events.add(status("pulling " + digest.substring(7, 19))
                            .put("digest", digest)
                            .put("total", total)
                            .put("completed", total * step / 2));
                }
            }
            events.add(status("verifying sha256 digest"));
            events.add(status("writing manifest"));
            events.add(status("success"));
        }
        int lines = 0;
        for (ObjectNode event : events) {
            if (fault != null && lines == fault.afterLines && applyMidStream(fault, out)) {
                return;
            }
            if (layers != null && "success".equals(event.path("status").asText())) {
                install(canonical, layers);
            }
            writeLine(out, event);
            lines++;
            if (pieceDelayMillis > 0) {
                sleep(pieceDelayMillis);
            }
        }
    }

    private void install(String name, long[] layers) {
        long size = 0;
        for (long l : layers) {
            size += l;
        }
        addModel(name, size, "llama", "1.0M", "Q8_0", 4096);
    }

    private static ObjectNode status(String status) {
        return MAPPER.createObjectNode().put("status", status);
    }

    private static String modelName(JsonNode body) {
        String name = body.path("model").asText("");
        return name.isBlank() ? body.path("name").asText("") : name;
    }

    /** Ollama's names: {@code tiny} and {@code tiny:latest} are the same model. */
    public static String canonical(String name) {
        String n = name == null ? "" : name.trim();
        int slash = n.lastIndexOf('/');
        return n.indexOf(':', slash + 1) < 0 ? n + ":latest" : n;
    }

    private static String sha(String s) {
        StringBuilder hex = new StringBuilder();
        long h = 1125899906842597L;
        for (int round = 0; round < 4; round++) {
            for (char c : (s + round).toCharArray()) {
                h = 31 * h + c;
            }
            hex.append(String.format("%016x", h));
        }
        return hex.toString();
    }

    static int words(String text) {
        String t = text == null ? "" : text.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    private static void writeLine(OutputStream out, JsonNode line) throws IOException {
        out.write(MAPPER.writeValueAsBytes(line));
        out.write('\n');
        out.flush();
    }

    private static void sendJson(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static void sendError(HttpExchange ex, int status, String message) throws IOException {
        sendJson(ex, status, MAPPER.createObjectNode().put("error", message));
    }

    private static void sendText(HttpExchange ex, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        if (ex.getRequestMethod().equalsIgnoreCase("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Debug view of the recorded requests. */
    @Override
    public String toString() {
        Map<String, Long> counts = new LinkedHashMap<>();
        requests.forEach(r -> counts.merge(r.method() + " " + r.path(), 1L, Long::sum));
        return "OllamaWireServer[" + baseUrl() + ", models=" + installedModels() + ", requests=" + counts + "]";
    }
}
