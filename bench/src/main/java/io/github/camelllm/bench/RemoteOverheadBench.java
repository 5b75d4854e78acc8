package io.github.camelllm.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.camelllm.component.LlmConstants;
import io.github.camelllm.spi.LlmChunk;

/**
 * "I pointed backend=openai at my llama.cpp server: how much slower is the route than llama.cpp itself?"
 * <p>
 * Against an OpenAI-compatible server ({@code -Dbench.baseUrl=http://host:8080/v1}, e.g. llama.cpp's llama-server;
 * without it, the project's routes/openai-server started in this JVM on loopback with the bundled model), four paths
 * per round, in an order that rotates every round:
 * <ol>
 * <li>raw POST {baseUrl}/completions with the JDK HttpClient, {@code stream: false} (the plain answer);</li>
 * <li>raw POST with exactly the JSON the openai backend sends ({@code stream: true}, {@code stream_options}), read as
 * SSE: wall time to the full answer and to the first text event;</li>
 * <li>{@code direct:call → llm:call?backend=openai&...};</li>
 * <li>{@code direct:stream → llm:stream?backend=openai&... → split(streaming)}: full answer and first chunk.</li>
 * </ol>
 * All four must return the same text (temperature 0), else the comparison is INVALID. The server's own
 * {@code timings} (llama-server: prompt/predicted per second) are recorded from the raw responses. Prints a Markdown
 * report and writes it with every raw sample to bench/results/remote-overhead-DATE[-label].{md,json}.
 */
public final class RemoteOverheadBench {

    enum PathKind {
        RAW_PLAIN("(a) raw POST, `stream:false`"),
        RAW_STREAM("(a) raw POST, `stream:true` (backend's JSON)"),
        ROUTE_CALL("(b) `llm:call` route"),
        ROUTE_STREAM("(b) `llm:stream` + split route");

        final String label;

        PathKind(String label) {
            this.label = label;
        }
    }

    /** One request: wall time, time to first text (streams only, else -1), text, completion tokens, server timings. */
    record Sample(long wallNanos, long ttftNanos, String text, Integer tokens, JsonNode timings) {}

    /** Shared by reference with the split's sub-exchanges (exchange properties are copied shallowly). */
    static final class StreamHolder {
        long start;
        long first = -1;
        final StringBuilder text = new StringBuilder();
        Integer tokens;
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ACCEPT = "application/json, text/event-stream, application/x-ndjson";
    /** The component's default top_p, which the openai backend always sends. */
    private static final float TOP_P = 0.95f;

    private final String baseUrlProp = System.getProperty("bench.baseUrl", "").trim();
    private final String modelProp = System.getProperty("bench.model", "").trim();
    private final int warmup = Integer.getInteger("bench.warmup", 200);
    private final int rounds = Integer.getInteger("bench.rounds", 60);
    private final int maxTokens = Integer.getInteger("bench.maxTokens", 32);
    private final int contextSize = Integer.getInteger("bench.contextSize", 512);
    private final Integer threads = Integer.getInteger("bench.threads");
    private final String prompt = System.getProperty("bench.prompt", "Once upon a time");
    private final Path resultsDir = Path.of(System.getProperty("bench.results", "results"));
    private final String label = System.getProperty("bench.label", "").trim();

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    private String baseUrl;
    private String model;
    private boolean inJvm;
    private final Map<String, Object> serverInfo = new LinkedHashMap<>();

    public static void main(String[] args) {
        int status = 0;
        try {
            new RemoteOverheadBench().run();
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        }
        // java-llama.cpp (in-JVM server) leaves a non-daemon native thread behind
        System.exit(status);
    }

    void run() throws Exception {
        InJvmOpenAiServer server = null;
        if (baseUrlProp.isEmpty()) {
            inJvm = true;
            server = InJvmOpenAiServer.start(contextSize, threads);
            baseUrl = server.baseUrl();
        } else {
            baseUrl = baseUrlProp.replaceAll("/+$", "");
        }
        try {
            probeServer();
            model = !modelProp.isEmpty() ? modelProp : (String) serverInfo.getOrDefault("listedModel", null);
            CallOverheadBench.log(
                    "server %s, model %s, %d warm-up + %d measured rounds, maxTokens %d",
                    baseUrl, model, warmup, rounds, maxTokens);
            try (CamelContext camel = new DefaultCamelContext()) {
                camel.addRoutes(routes());
                camel.start();
                measure(camel.createProducerTemplate());
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    // ---------------------------------------------------------------- servers

    /** GET {baseUrl}/models: fails early when the server is not reachable, and names the model it serves. */
    private void probeServer() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/models"))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot reach " + baseUrl + "/models (is the server running? -Dbench.baseUrl=http://host:8080/v1): "
                            + e,
                    e);
        }
        response.headers().firstValue("server").ifPresent(v -> serverInfo.put("serverHeader", v));
        if (response.statusCode() >= 400) {
            serverInfo.put("modelsStatus", response.statusCode());
            return;
        }
        JsonNode first = MAPPER.readTree(response.body()).path("data").path(0);
        if (first.hasNonNull("id")) {
            serverInfo.put("listedModel", first.get("id").asText());
        }
        if (first.has("meta")) {
            serverInfo.put("modelMeta", MAPPER.convertValue(first.get("meta"), Map.class));
        }
    }

    private String serverDescription() {
        if (inJvm) {
            return "**not llama-server**: no `bench.baseUrl` was given, so the harness started the project's `routes/openai-server` "
                    + "(Camel platform-http on Vert.x, `llm` component, bundled stories260K, context " + contextSize
                    + ", threads "
                    + (threads == null ? "default" : threads)
                    + ") in this JVM on loopback; client and server share the machine's cores, "
                    + "and on Camel 4.18 every streamed event is padded to 16 KB (CAMEL-23804, see routes/README.md). "
                    + "Pass `-Dbench.baseUrl=http://host:8080/v1` to measure a real llama.cpp `llama-server`";
        }
        return "the server at `" + baseUrl + "`"
                + (serverInfo.containsKey("systemFingerprint")
                        ? " (system_fingerprint `" + serverInfo.get("systemFingerprint") + "`)"
                        : "");
    }

    // ---------------------------------------------------------------- the four paths

    private String endpointQuery() {
        StringBuilder q =
                new StringBuilder("backend=openai&baseUrl=RAW(").append(baseUrl).append(')');
        if (model != null) {
            q.append("&model=RAW(").append(model).append(')');
        }
        q.append("&maxTokens=").append(maxTokens).append("&temperature=0&maxRetries=0");
        return q.toString();
    }

    private RouteBuilder routes() {
        String query = endpointQuery();
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:call").routeId("remote-call").to("llm:call?" + query);
                from("direct:stream")
                        .routeId("remote-stream")
                        .to("llm:stream?" + query)
                        .split(body())
                        .streaming()
                        .stopOnException()
                        .process(e -> {
                            LlmChunk chunk = e.getMessage().getBody(LlmChunk.class);
                            StreamHolder h = e.getProperty("benchStream", StreamHolder.class);
                            if (!chunk.getText().isEmpty()) {
                                if (h.first < 0) {
                                    h.first = System.nanoTime();
                                }
                                h.text.append(chunk.getText());
                            }
                            if (chunk.isLast()) {
                                h.tokens = chunk.getOutputTokens();
                            }
                        })
                        .end();
            }
        };
    }

    /** The body {@code OpenAiRequests.generation} builds for operation call with these options. */
    ObjectNode requestBody(boolean stream) {
        ObjectNode body = MAPPER.createObjectNode();
        if (model != null) {
            body.put("model", model);
        }
        body.put("prompt", prompt);
        body.put("max_tokens", maxTokens);
        body.put("temperature", 0f);
        body.put("top_p", TOP_P);
        body.put("stream", stream);
        if (stream) {
            body.putObject("stream_options").put("include_usage", true);
        }
        return body;
    }

    private HttpRequest rawRequest(boolean stream) throws IOException {
        return HttpRequest.newBuilder(URI.create(baseUrl + "/completions"))
                .timeout(Duration.ofMinutes(10))
                .header("Accept", ACCEPT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(requestBody(stream))))
                .build();
    }

    Sample rawPlain() throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> response = http.send(rawRequest(false), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode reply = MAPPER.readTree(response.body());
        long t1 = System.nanoTime();
        if (response.statusCode() >= 400 || reply.has("error")) {
            throw new IllegalStateException(
                    "POST " + baseUrl + "/completions: HTTP " + response.statusCode() + " " + reply);
        }
        noteFingerprint(reply);
        response.headers().firstValue("server").ifPresent(v -> serverInfo.putIfAbsent("serverHeader", v));
        JsonNode usage = reply.path("usage").path("completion_tokens");
        return new Sample(
                t1 - t0,
                -1,
                reply.path("choices").path(0).path("text").asText(""),
                usage.isInt() ? usage.asInt() : null,
                reply.get("timings"));
    }

    Sample rawStream() throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<InputStream> response = http.send(rawRequest(true), HttpResponse.BodyHandlers.ofInputStream());
        long first = -1;
        StringBuilder text = new StringBuilder();
        Integer tokens = null;
        JsonNode timings = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            if (response.statusCode() >= 400) {
                StringBuilder err = new StringBuilder();
                for (String l; (l = in.readLine()) != null; ) {
                    err.append(l);
                }
                throw new IllegalStateException(
                        "POST " + baseUrl + "/completions (stream): HTTP " + response.statusCode() + " " + err);
            }
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.startsWith("data:")) {
                    continue; // blank separators and ": ..." comments (the in-JVM server's padding)
                }
                String data = line.substring(5).trim();
                if (data.equals("[DONE]")) {
                    break;
                }
                JsonNode event = MAPPER.readTree(data);
                if (event.has("error")) {
                    throw new IllegalStateException("stream from " + baseUrl + " failed: " + event.get("error"));
                }
                String delta = event.path("choices").path(0).path("text").asText("");
                if (!delta.isEmpty()) {
                    if (first < 0) {
                        first = System.nanoTime();
                    }
                    text.append(delta);
                }
                if (event.path("usage").path("completion_tokens").isInt()) {
                    tokens = event.get("usage").get("completion_tokens").asInt();
                }
                if (event.has("timings")) {
                    timings = event.get("timings");
                }
                noteFingerprint(event);
            }
        }
        long t1 = System.nanoTime();
        return new Sample(t1 - t0, first < 0 ? -1 : first - t0, text.toString(), tokens, timings);
    }

    Sample routeCall(ProducerTemplate template) throws Exception {
        long t0 = System.nanoTime();
        Exchange e = template.request("direct:call", x -> x.getMessage().setBody(prompt));
        long t1 = System.nanoTime();
        if (e.getException() != null) {
            throw e.getException();
        }
        return new Sample(
                t1 - t0,
                -1,
                e.getMessage().getBody(String.class),
                e.getMessage().getHeader(LlmConstants.OUTPUT_TOKENS, Integer.class),
                null);
    }

    Sample routeStream(ProducerTemplate template) throws Exception {
        StreamHolder h = new StreamHolder();
        h.start = System.nanoTime();
        Exchange e = template.request("direct:stream", x -> {
            x.getMessage().setBody(prompt);
            x.setProperty("benchStream", h);
        });
        long t1 = System.nanoTime();
        if (e.getException() != null) {
            throw e.getException();
        }
        return new Sample(t1 - h.start, h.first < 0 ? -1 : h.first - h.start, h.text.toString(), h.tokens, null);
    }

    private void noteFingerprint(JsonNode reply) {
        if (reply.hasNonNull("system_fingerprint")) {
            serverInfo.putIfAbsent(
                    "systemFingerprint", reply.get("system_fingerprint").asText());
        }
    }

    private Sample one(PathKind kind, ProducerTemplate template) throws Exception {
        return switch (kind) {
            case RAW_PLAIN -> rawPlain();
            case RAW_STREAM -> rawStream();
            case ROUTE_CALL -> routeCall(template);
            case ROUTE_STREAM -> routeStream(template);
        };
    }

    // ---------------------------------------------------------------- measurement

    private final Map<PathKind, List<Sample>> samples = new EnumMap<>(PathKind.class);
    private int mismatchRounds;
    private final List<Map<String, Object>> mismatchExamples = new ArrayList<>();
    private Map<String, Object> load;

    private void measure(ProducerTemplate template) throws Exception {
        PathKind[] kinds = PathKind.values();
        for (PathKind k : kinds) {
            samples.put(k, new ArrayList<>());
        }
        CpuLoad.Snapshot before = null;
        for (int round = 0; round < warmup + rounds; round++) {
            if (round == warmup) {
                before = CpuLoad.snapshot();
                CallOverheadBench.log("warm-up done, measuring %d rounds", rounds);
            }
            Map<PathKind, Sample> got = new EnumMap<>(PathKind.class);
            for (int i = 0; i < kinds.length; i++) {
                PathKind k = kinds[(i + round) % kinds.length]; // the order rotates every round
                got.put(k, one(k, template));
            }
            String reference = got.get(PathKind.RAW_PLAIN).text();
            boolean same = got.values().stream().allMatch(s -> s.text().equals(reference));
            if (round >= warmup) {
                got.forEach((k, s) -> samples.get(k).add(s));
                if (!same) {
                    mismatchRounds++;
                    if (mismatchExamples.size() < 3) {
                        Map<String, Object> ex = new LinkedHashMap<>();
                        ex.put("round", round - warmup);
                        got.forEach((k, s) -> ex.put(k.name(), s.text()));
                        mismatchExamples.add(ex);
                    }
                }
            } else if (round == 0 && !same) {
                CallOverheadBench.log("WARNING: the paths returned different texts in the first round");
            }
            if (round > 0 && round % 50 == 0) {
                CallOverheadBench.log("round %d/%d", round, warmup + rounds);
            }
        }
        load = CpuLoad.since(before);
        report();
    }

    // ---------------------------------------------------------------- report

    private long[] wall(PathKind k) {
        return samples.get(k).stream().mapToLong(Sample::wallNanos).toArray();
    }

    private long[] ttft(PathKind k) {
        return samples.get(k).stream().mapToLong(Sample::ttftNanos).toArray();
    }

    private Map<String, Object> compare(String name, long[] a, long[] b) {
        long[] diff = new long[a.length];
        double[] ratios = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            diff[i] = b[i] - a[i];
            ratios[i] = (double) b[i] / a[i];
        }
        Arrays.sort(ratios);
        int n = ratios.length;
        double medianRatio = n % 2 == 1 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2;
        long ma = CallOverheadBench.median(a);
        long mb = CallOverheadBench.median(b);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("comparison", name);
        r.put("aMedianMs", CallOverheadBench.ms(ma));
        r.put("aP90Ms", CallOverheadBench.ms(CallOverheadBench.p90(a)));
        r.put("bMedianMs", CallOverheadBench.ms(mb));
        r.put("bP90Ms", CallOverheadBench.ms(CallOverheadBench.p90(b)));
        r.put("ratioOfMedians", CallOverheadBench.round4((double) mb / ma));
        r.put("medianPairedRatio", CallOverheadBench.round4(medianRatio));
        r.put("overheadMs", CallOverheadBench.ms(mb - ma));
        r.put("medianPairedOverheadMs", CallOverheadBench.ms(CallOverheadBench.median(diff)));
        r.put(
                "verdict",
                mismatchRounds == 0 ? "valid (same text)" : "INVALID (texts differ in " + mismatchRounds + " rounds)");
        return r;
    }

    /** Median of one numeric field of the server's timings over a path's samples, or null when the server sent none. */
    private Double timing(PathKind k, String field) {
        double[] v = samples.get(k).stream()
                .filter(s -> s.timings() != null && s.timings().path(field).isNumber())
                .mapToDouble(s -> s.timings().get(field).asDouble())
                .sorted()
                .toArray();
        if (v.length == 0) {
            return null;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private Integer tokens(PathKind k) {
        return samples.get(k).isEmpty() ? null : samples.get(k).get(0).tokens();
    }

    private void report() throws IOException {
        List<Map<String, Object>> comparisons = new ArrayList<>();
        comparisons.add(compare(
                "full answer: raw `stream:false` vs `llm:call`", wall(PathKind.RAW_PLAIN), wall(PathKind.ROUTE_CALL)));
        comparisons.add(compare(
                "full answer, same wire request: raw `stream:true` vs `llm:call`",
                wall(PathKind.RAW_STREAM),
                wall(PathKind.ROUTE_CALL)));
        comparisons.add(compare(
                "streamed, full answer: raw `stream:true` vs `llm:stream` + split",
                wall(PathKind.RAW_STREAM),
                wall(PathKind.ROUTE_STREAM)));
        boolean ttftValid = Arrays.stream(ttft(PathKind.RAW_STREAM)).allMatch(t -> t >= 0)
                && Arrays.stream(ttft(PathKind.ROUTE_STREAM)).allMatch(t -> t >= 0);
        if (ttftValid) {
            comparisons.add(compare(
                    "streamed, first token: raw `stream:true` vs `llm:stream` + split",
                    ttft(PathKind.RAW_STREAM),
                    ttft(PathKind.ROUTE_STREAM)));
        }

        List<Map<String, Object>> delivered = new ArrayList<>();
        for (PathKind k : PathKind.values()) {
            Map<String, Object> r = new LinkedHashMap<>();
            long median = CallOverheadBench.median(wall(k));
            Integer tok = tokens(k);
            r.put("path", k.label);
            r.put("completionTokens", tok);
            r.put("wallMedianMs", CallOverheadBench.ms(median));
            r.put("deliveredTokensPerSecond", tok == null ? null : CallOverheadBench.round4(tok / (median / 1e9)));
            Double promptMs = timing(k, "prompt_ms");
            Double predictedMs = timing(k, "predicted_ms");
            r.put("serverPromptN", timing(k, "prompt_n"));
            r.put("serverPromptPerSecond", timing(k, "prompt_per_second"));
            r.put("serverPredictedPerSecond", timing(k, "predicted_per_second"));
            r.put("serverPromptMs", promptMs);
            r.put("serverPredictedMs", predictedMs);
            r.put(
                    "serverTotalMs",
                    promptMs == null || predictedMs == null ? null : CallOverheadBench.round4(promptMs + predictedMs));
            delivered.add(r);
        }

        String date = LocalDate.now(ZoneOffset.UTC).toString();
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("date", date);
        env.put("timestamp", OffsetDateTime.now(ZoneOffset.UTC).toString());
        env.put("cpuModel", CallOverheadBench.cpuModel());
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        env.put("camel", System.getProperty("bench.camelVersion", "unknown"));
        env.put("serverKind", inJvm ? "in-JVM routes/openai-server (bundled stories260K)" : "external (bench.baseUrl)");
        env.put("baseUrl", baseUrl);
        env.put("model", model);
        env.putAll(serverInfo);
        env.put("prompt", prompt);
        env.put("maxTokens", maxTokens);
        env.put("threads", threads);
        env.put("warmupRounds", warmup);
        env.put("measuredRounds", rounds);

        StringBuilder md = new StringBuilder();
        md.append("# Remote backend vs the raw request — ").append(date).append("\n\n");
        md.append("Server measured: ").append(serverDescription()).append(".\n\n");
        md.append("| | |\n|---|---|\n");
        for (String k : List.of(
                "timestamp",
                "cpuModel",
                "cores",
                "java",
                "camel",
                "serverKind",
                "baseUrl",
                "model",
                "serverHeader",
                "systemFingerprint")) {
            if (env.get(k) != null) {
                md.append("| ").append(k).append(" | ").append(env.get(k)).append(" |\n");
            }
        }
        md.append("| request | POST `/completions` ")
                .append(MAPPER.writeValueAsString(requestBody(true)))
                .append(" (raw `stream:false` drops `stream_options`) |\n");
        md.append("| route | `llm:call?")
                .append(endpointQuery())
                .append("` (and `llm:stream?…` + `split` streaming) |\n");
        md.append("| rounds | ")
                .append(warmup)
                .append(" warm-up + ")
                .append(rounds)
                .append(" measured; the 4 paths run in every round, in an order that rotates each round |\n\n");

        md.append("## Latency: (a) raw JDK HttpClient request vs (b) the same request through a Camel route\n\n");
        md.append("Wall time from sending to the full answer (to the first text for \"first token\"), per request. "
                + "b/a (paired) is the median of the per-round ratios; overhead ms is (b) median − (a) median.\n\n");
        md.append(
                "The openai backend always streams (`llm:call` too), so row 2 is what the component adds to the identical wire "
                        + "request; row 1 is what a user comparing against a plain, non-streamed answer (curl) sees, streaming cost included.\n\n");
        md.append(
                "| comparison | (a) median ms | (a) p90 ms | (b) median ms | (b) p90 ms | b/a (medians) | b/a (paired) | overhead ms | texts |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Map<String, Object> r : comparisons) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %.2f | %.2f | %.2f | %.2f | %.3f | %.3f | %+.2f | %s |%n",
                    r.get("comparison"),
                    r.get("aMedianMs"),
                    r.get("aP90Ms"),
                    r.get("bMedianMs"),
                    r.get("bP90Ms"),
                    r.get("ratioOfMedians"),
                    r.get("medianPairedRatio"),
                    r.get("overheadMs"),
                    r.get("verdict")));
        }
        if (!ttftValid) {
            md.append("\nFirst-token times are missing: a stream produced no text.\n");
        }

        md.append("\n## What the server measured vs what the client got\n\n");
        md.append(
                "Server columns are the medians of the `timings` object the server returned (llama-server's own measurement; "
                        + "only the raw requests see it, the openai backend does not pass it on). Delivered tok/s = completion tokens / "
                        + "median wall time, prompt processing and HTTP included.\n\n");
        md.append(
                "| path | tokens | wall median ms | delivered tok/s | server prompt_n | server prompt tok/s | server predicted tok/s | "
                        + "server prompt+predicted ms | wall − server ms |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        // the routes send the raw stream's request, so their gap is taken against its server time
        Double serverTotal =
                (Double) delivered.get(PathKind.RAW_STREAM.ordinal()).get("serverTotalMs");
        for (Map<String, Object> r : delivered) {
            Double total = (Double) r.get("serverTotalMs");
            String gap = total == null
                    ? (serverTotal == null
                            ? "–"
                            : String.format(Locale.ROOT, "(%.2f)", (Double) r.get("wallMedianMs") - serverTotal))
                    : String.format(Locale.ROOT, "%.2f", (Double) r.get("wallMedianMs") - total);
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %.2f | %s | %s | %s | %s | %s | %s |%n",
                    r.get("path"),
                    r.get("completionTokens"),
                    r.get("wallMedianMs"),
                    fmt(r.get("deliveredTokensPerSecond"), "%.1f"),
                    fmt(r.get("serverPromptN"), "%.0f"),
                    fmt(r.get("serverPromptPerSecond"), "%.1f"),
                    fmt(r.get("serverPredictedPerSecond"), "%.1f"),
                    fmt(total, "%.2f"),
                    gap));
        }
        md.append(
                "\n– = not visible on this path. A gap in parentheses is computed against the server time of the raw `stream:true` "
                        + "requests, which are the same wire request.");
        if (inJvm) {
            md.append(
                    " The in-JVM server's timings come from the component's whole-millisecond headers (0 ms prompt → 0 tok/s).");
        }
        md.append(" llama-server's `prompt_n` counts only the prompt tokens it did not find in its prompt cache.\n");
        if (mismatchRounds > 0) {
            md.append("\n**INVALID**: the paths returned different texts in ")
                    .append(mismatchRounds)
                    .append(" of ")
                    .append(rounds)
                    .append(" rounds; examples in the JSON (`mismatchExamples`).\n");
        }
        md.append(CallOverheadBench.loadLine(load));
        String text = md.toString();
        System.out.println(text);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("environment", env);
        json.put("requestJson", MAPPER.convertValue(requestBody(true), Map.class));
        json.put("routeQuery", endpointQuery());
        json.put("comparisons", comparisons);
        json.put("serverVsDelivered", delivered);
        json.put("mismatchRounds", mismatchRounds);
        json.put("mismatchExamples", mismatchExamples);
        json.put(
                "text",
                samples.get(PathKind.RAW_PLAIN).isEmpty()
                        ? null
                        : samples.get(PathKind.RAW_PLAIN).get(0).text());
        json.put("machineLoad", load);
        Map<String, Object> raw = new LinkedHashMap<>();
        for (PathKind k : PathKind.values()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put(
                    "wallMs",
                    samples.get(k).stream()
                            .map(s -> CallOverheadBench.ms(s.wallNanos()))
                            .toList());
            if (k == PathKind.RAW_STREAM || k == PathKind.ROUTE_STREAM) {
                p.put(
                        "firstTokenMs",
                        samples.get(k).stream()
                                .map(s -> s.ttftNanos() < 0 ? null : CallOverheadBench.ms(s.ttftNanos()))
                                .toList());
            }
            p.put("tokens", samples.get(k).stream().map(Sample::tokens).toList());
            if (k == PathKind.RAW_PLAIN || k == PathKind.RAW_STREAM) {
                p.put(
                        "serverTimings",
                        samples.get(k).stream().map(Sample::timings).toList());
            }
            raw.put(k.name(), p);
        }
        json.put("samples", raw);

        Files.createDirectories(resultsDir);
        String base = "remote-overhead-" + date + (label.isEmpty() ? "" : "-" + label);
        Files.writeString(resultsDir.resolve(base + ".md"), text, StandardCharsets.UTF_8);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(resultsDir.resolve(base + ".json").toFile(), json);
        CallOverheadBench.log(
                "wrote %s.md and .json in %s", base, resultsDir.toAbsolutePath().normalize());
    }

    private static String fmt(Object value, String format) {
        return value == null ? "–" : String.format(Locale.ROOT, format, ((Number) value).doubleValue());
    }
}
