package io.github.camelllm.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;

import io.github.camelllm.component.LlmConstants;
import io.github.camelllm.models.bundled.BundledModel;

/**
 * Measures what an {@code llm:call} route costs on top of calling java-llama.cpp directly, and the aggregate
 * throughput of {@code llm:call} with several clients and slots. Not a test: run it by hand (see bench/README.md).
 * <p>
 * Phase 1 (latency): the same greedy request is sent (a) to a {@link LlamaModel} loaded with the parameters the
 * component's SharedModel uses and (b) through {@code from("direct:callN").to("llm:call?maxTokens=N&temperature=0")}
 * loaded from YAML. (a) and (b) alternate in every round, the order flipping from one round to the next.
 * Phase 2 (breakdown): the parts of the route path that the direct path does not have, timed on their own.
 * Phase 3 (throughput): tokens/s over all exchanges with 1, 2, 4 client threads against parallel = 1, 2, 4 slots.
 * <p>
 * The JVM ends with {@link System#exit(int)}: java-llama.cpp leaves a non-daemon native thread running.
 */
public final class CallOverheadBench {

    static final int[] SIZES = {16, 128};
    static final int[] CLIENTS = {1, 2, 4};
    static final int[] SLOTS = {1, 2, 4};
    static final double TARGET = 1.03;

    /** Prompts tried, in order, when the configured one makes stories260K stop before 128 tokens. */
    static final List<String> FALLBACK_PROMPTS = List.of(
            "Once upon a time, there was a little girl named Lily.",
            "Once upon a time, there was a boy named Tom.",
            "One day, a big dog",
            "Lily and Ben");

    // sampling defaults of LlmConfiguration, so (a) sends exactly what (b) sends
    static final float TOP_P = 0.95f;
    static final int TOP_K = 40;
    static final float MIN_P = 0.05f;
    static final float REPEAT_PENALTY = 1.0f;

    private final String configuredPrompt = System.getProperty("bench.prompt", "Once upon a time");
    private final int warmup = Integer.getInteger("bench.warmup", 200);
    private final int rounds = Integer.getInteger("bench.rounds", 60);
    private final int requestsPerClient = Integer.getInteger("bench.requests", 6);
    private final int contextSize = Integer.getInteger("bench.contextSize", 512);
    /** llama.cpp threads on both paths; unset (the default) leaves llama.cpp's choice, as the component does. */
    private final Integer threads = Integer.getInteger("bench.threads");

    private final Path resultsDir = Path.of(System.getProperty("bench.results", "results"));

    private Path modelPath;
    private String prompt;
    private final Map<String, Object> report = new LinkedHashMap<>();

    public static void main(String[] args) {
        int status = 0;
        try {
            new CallOverheadBench().run();
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        }
        System.out.flush();
        // java-llama.cpp keeps a non-daemon native thread alive after a model was used
        System.exit(status);
    }

    void run() throws Exception {
        // java-llama.cpp extracts its native library there and fails if the directory does not exist
        String tmpdir = System.getProperty("de.kherud.llama.tmpdir");
        if (tmpdir != null) {
            Files.createDirectories(Path.of(tmpdir));
        }
        modelPath = BundledModel.path();
        report.put("environment", environment());
        log(
                "model %s, context %d per slot, %d warm-up + %d measured rounds",
                modelPath.getFileName(), contextSize, warmup, rounds);

        List<Map<String, Object>> latency;
        Map<String, Object> breakdown;
        try (LlamaModel direct = new LlamaModel(loadParameters(modelPath, contextSize, 1, threads))) {
            prompt = choosePrompt(direct);
            report.put("prompt", prompt);
            CamelContext camel = new DefaultCamelContext();
            try {
                loadYaml(camel, latencyRoutesYaml());
                camel.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("direct:noop").routeId("noop").process(e -> {});
                    }
                });
                camel.start();
                CpuLoad.Snapshot before = CpuLoad.snapshot();
                latency = latencyPhase(direct, camel);
                report.put("machineLoadDuringLatency", CpuLoad.since(before));
                breakdown = breakdownPhase(direct, camel, latency);
            } finally {
                camel.stop();
            }
        }
        report.put("latency", latency);
        report.put("breakdown", breakdown);
        CpuLoad.Snapshot before = CpuLoad.snapshot();
        report.put("throughput", throughputPhase());
        report.put("machineLoadDuringThroughput", CpuLoad.since(before));
        String markdown = markdown();
        System.out.println();
        System.out.println(markdown);
        write(markdown);
    }

    // ---------------------------------------------------------------- loading

    /** Exactly what SharedModel.load passes for a generation model (threads unset, gpuLayers 0). */
    static ModelParameters loadParameters(Path model, int contextPerSlot, int parallel, Integer threads) {
        ModelParameters params = new ModelParameters()
                .setModel(model.toString())
                .setCtxSize(contextPerSlot * parallel)
                .setParallel(parallel)
                .setGpuLayers(0)
                .skipWarmup()
                .disableContextShift()
                .disableLog();
        if (threads != null) {
            params.setThreads(threads).setThreadsBatch(threads);
        }
        return params;
    }

    String threadsOption() {
        return threads == null ? "" : "&threads=" + threads;
    }

    static void loadYaml(CamelContext camel, String yaml) throws Exception {
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("bench.yaml", yaml));
    }

    String latencyRoutesYaml() {
        StringBuilder yaml = new StringBuilder();
        for (int n : SIZES) {
            yaml.append("- route:\n")
                    .append("    id: call-")
                    .append(n)
                    .append('\n')
                    .append("    from:\n")
                    .append("      uri: direct:call")
                    .append(n)
                    .append('\n')
                    .append("      steps:\n")
                    .append("        - to:\n")
                    .append("            uri: \"llm:call?maxTokens=")
                    .append(n)
                    .append("&temperature=0&contextSize=")
                    .append(contextSize)
                    .append(threadsOption())
                    .append("\"\n");
        }
        return yaml.toString();
    }

    String throughputRouteYaml(int parallel) {
        return "- route:\n"
                + "    id: throughput-" + parallel + "\n"
                + "    from:\n"
                + "      uri: direct:tp\n"
                + "      steps:\n"
                + "        - to:\n"
                + "            uri: \"llm:call?maxTokens=128&temperature=0&contextSize=" + contextSize + "&parallel="
                + parallel
                + "&queueTimeout=600000" + threadsOption() + "\"\n";
    }

    // ---------------------------------------------------------------- the two paths

    /** ttftNanos: to the first output (a) or CamelLlmTimeToFirstTokenMs (b); backendMs: CamelLlmGenerationMs (b only). */
    record Result(String text, int tokens, long nanos, long ttftNanos, long backendMs) {}

    /** (a): the binding alone, drained the way LocalGeneration drains it (the final stop output is no token). */
    Result direct(LlamaModel model, String text, int n) {
        long start = System.nanoTime();
        InferenceParameters p = new InferenceParameters(text)
                .setNPredict(n)
                .setTemperature(0f)
                .setTopP(TOP_P)
                .setTopK(TOP_K)
                .setMinP(MIN_P)
                .setRepeatPenalty(REPEAT_PENALTY);
        StringBuilder out = new StringBuilder();
        int tokens = 0;
        LlamaIterator it = model.generate(p).iterator();
        long ttft = -1;
        while (it.hasNext()) {
            LlamaOutput o = it.next();
            if (ttft < 0) {
                ttft = System.nanoTime() - start;
            }
            if (it.hasNext()) {
                tokens++;
            }
            out.append(o.text);
        }
        return new Result(out.toString(), tokens, System.nanoTime() - start, ttft, -1);
    }

    /** (b): through the route; the token count is the CamelLlmOutputTokens header. */
    static Result route(ProducerTemplate template, Endpoint endpoint, String text) {
        long start = System.nanoTime();
        Exchange ex = template.send(endpoint, e -> e.getMessage().setBody(text));
        long nanos = System.nanoTime() - start;
        if (ex.getException() != null) {
            throw new IllegalStateException("route failed: " + ex.getException(), ex.getException());
        }
        Integer tokens = ex.getMessage().getHeader(LlmConstants.OUTPUT_TOKENS, Integer.class);
        Long ttft = ex.getMessage().getHeader(LlmConstants.TIME_TO_FIRST_TOKEN_MS, Long.class);
        Long backend = ex.getMessage().getHeader(LlmConstants.GENERATION_MS, Long.class);
        return new Result(
                ex.getMessage().getBody(String.class),
                tokens == null ? -1 : tokens,
                nanos,
                ttft == null ? -1 : ttft * 1_000_000,
                backend == null ? -1 : backend);
    }

    /** The configured prompt if greedy decoding runs the full 128 tokens from it, else the first fallback that does. */
    String choosePrompt(LlamaModel model) {
        int max = SIZES[SIZES.length - 1];
        List<String> candidates = new ArrayList<>();
        candidates.add(configuredPrompt);
        candidates.addAll(FALLBACK_PROMPTS);
        List<Map<String, Object>> probes = new ArrayList<>();
        String chosen = null;
        for (String candidate : candidates) {
            Result r = direct(model, candidate, max);
            probes.add(Map.of("prompt", candidate, "tokens", r.tokens()));
            log("probe: '%s' -> %d of %d tokens", candidate, r.tokens(), max);
            if (r.tokens() == max) {
                chosen = candidate;
                break;
            }
        }
        report.put("promptProbes", probes);
        if (chosen == null) {
            log(
                    "no candidate prompt reaches %d tokens; keeping '%s' (token counts are reported as they are)",
                    max, configuredPrompt);
            chosen = configuredPrompt;
        }
        return chosen;
    }

    // ---------------------------------------------------------------- phase 1: latency

    List<Map<String, Object>> latencyPhase(LlamaModel model, CamelContext camel) {
        ProducerTemplate template = camel.createProducerTemplate();
        Map<Integer, Endpoint> endpoints = new LinkedHashMap<>();
        Map<Integer, List<Long>> a = new LinkedHashMap<>();
        Map<Integer, List<Long>> b = new LinkedHashMap<>();
        Map<Integer, int[]> tokens = new LinkedHashMap<>();
        Map<Integer, List<Long>> ttftA = new LinkedHashMap<>();
        Map<Integer, List<Long>> ttftB = new LinkedHashMap<>();
        Map<Integer, List<Long>> backendB = new LinkedHashMap<>();
        Map<Integer, Integer> mismatches = new LinkedHashMap<>();
        for (int n : SIZES) {
            endpoints.put(n, camel.getEndpoint("direct:call" + n));
            a.put(n, new ArrayList<>());
            b.put(n, new ArrayList<>());
            tokens.put(n, new int[] {-1, -1});
            ttftA.put(n, new ArrayList<>());
            ttftB.put(n, new ArrayList<>());
            backendB.put(n, new ArrayList<>());
            mismatches.put(n, 0);
        }
        for (int round = 0; round < warmup + rounds; round++) {
            boolean measured = round >= warmup;
            for (int n : SIZES) {
                Result ra;
                Result rb;
                if (round % 2 == 0) {
                    ra = direct(model, prompt, n);
                    rb = route(template, endpoints.get(n), prompt);
                } else {
                    rb = route(template, endpoints.get(n), prompt);
                    ra = direct(model, prompt, n);
                }
                if (ra.tokens() != rb.tokens() || !ra.text().equals(rb.text())) {
                    mismatches.merge(n, 1, Integer::sum);
                    log(
                            "round %d, %d tokens: direct gave %d tokens, route %d (texts %s)",
                            round, n, ra.tokens(), rb.tokens(), ra.text().equals(rb.text()) ? "equal" : "differ");
                }
                tokens.get(n)[0] = ra.tokens();
                tokens.get(n)[1] = rb.tokens();
                if (measured) {
                    a.get(n).add(ra.nanos());
                    b.get(n).add(rb.nanos());
                    ttftA.get(n).add(ra.ttftNanos());
                    ttftB.get(n).add(rb.ttftNanos());
                    backendB.get(n).add(rb.backendMs() * 1_000_000);
                }
            }
            if (round == warmup - 1 || (measured && (round - warmup + 1) % 10 == 0)) {
                log(
                        "latency: %s round %d done",
                        measured ? "measured" : "warm-up", measured ? round - warmup + 1 : round + 1);
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int n : SIZES) {
            long[] da = toArray(a.get(n));
            long[] db = toArray(b.get(n));
            double[] paired = new double[da.length];
            for (int i = 0; i < da.length; i++) {
                paired[i] = (double) db[i] / da[i];
            }
            Arrays.sort(paired);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("maxTokens", n);
            row.put("tokensDirect", tokens.get(n)[0]);
            row.put("tokensRoute", tokens.get(n)[1]);
            row.put("mismatchedRounds", mismatches.get(n));
            row.put("directMedianMs", ms(median(da)));
            row.put("directP90Ms", ms(p90(da)));
            row.put("routeMedianMs", ms(median(db)));
            row.put("routeP90Ms", ms(p90(db)));
            double ratio = (double) median(db) / median(da);
            row.put("ratioOfMedians", round4(ratio));
            row.put("medianPairedRatio", round4(paired[paired.length / 2]));
            row.put("overheadMedianMs", ms(median(db) - median(da)));
            row.put("verdict", verdict(ratio, mismatches.get(n)));
            // where the route's extra time is: the component's own clock starts in LlamaCppBackend.generate (whole ms)
            row.put("directTtftMedianMs", ms(median(toArray(ttftA.get(n)))));
            row.put("routeTtftHeaderMedianMs", ms(median(toArray(ttftB.get(n)))));
            row.put("routeGenerationMsHeaderMedian", ms(median(toArray(backendB.get(n)))));
            row.put(
                    "directSamplesMs",
                    Arrays.stream(da).mapToObj(CallOverheadBench::ms).toList());
            row.put(
                    "routeSamplesMs",
                    Arrays.stream(db).mapToObj(CallOverheadBench::ms).toList());
            rows.add(row);
        }
        return rows;
    }

    static String verdict(double ratio, int mismatches) {
        if (mismatches > 0) {
            return "INVALID (token counts/texts differ)";
        }
        return ratio <= TARGET ? "PASS (within 3 %)" : String.format(Locale.ROOT, "FAIL (+%.1f %%)", (ratio - 1) * 100);
    }

    // ---------------------------------------------------------------- phase 2: breakdown

    /** Times the pieces the route adds: an empty Camel exchange, the prompt tokenisation (countTokens), the model's 1-token path. */
    Map<String, Object> breakdownPhase(LlamaModel model, CamelContext camel, List<Map<String, Object>> latency) {
        ProducerTemplate template = camel.createProducerTemplate();
        Endpoint noop = camel.getEndpoint("direct:noop");
        int iterations = 2000;
        long[] camelNanos = new long[iterations];
        long[] encodeNanos = new long[iterations];
        for (int warm = 0; warm < 2; warm++) {
            for (int i = 0; i < iterations; i++) {
                long s = System.nanoTime();
                template.send(noop, e -> e.getMessage().setBody(prompt));
                camelNanos[i] = System.nanoTime() - s;
                s = System.nanoTime();
                model.encode(prompt);
                encodeNanos[i] = System.nanoTime() - s;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("emptyCamelExchangeUs", us(median(camelNanos)));
        out.put("encodePromptUs", us(median(encodeNanos)));
        // overhead(N) = fixed + perToken * N, from the two measured sizes
        Map<String, Object> small = latency.get(0);
        Map<String, Object> large = latency.get(latency.size() - 1);
        double o1 = (double) small.get("overheadMedianMs");
        double o2 = (double) large.get("overheadMedianMs");
        int n1 = (int) small.get("tokensRoute");
        int n2 = (int) large.get("tokensRoute");
        if (n2 != n1) {
            double perToken = (o2 - o1) / (n2 - n1);
            out.put("perTokenOverheadUs", round4(perToken * 1000));
            out.put("fixedOverheadMs", round4(o1 - perToken * n1));
        }
        log("breakdown: empty exchange %.1f us, encode %.1f us", us(median(camelNanos)), us(median(encodeNanos)));
        return out;
    }

    // ---------------------------------------------------------------- phase 3: throughput

    List<Map<String, Object>> throughputPhase() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        double baseline = Double.NaN;
        for (int slots : SLOTS) {
            CamelContext camel = new DefaultCamelContext();
            try {
                loadYaml(camel, throughputRouteYaml(slots));
                camel.start();
                Endpoint endpoint = camel.getEndpoint("direct:tp");
                ProducerTemplate template = camel.createProducerTemplate();
                runClients(template, endpoint, slots, 1); // warm-up: every slot once
                for (int clients : CLIENTS) {
                    Map<String, Object> row = runClients(template, endpoint, clients, requestsPerClient);
                    row.put("parallel", slots);
                    if (slots == 1 && clients == 1) {
                        baseline = (double) row.get("tokensPerSecond");
                    }
                    row.put("speedupVs1x1", round4((double) row.get("tokensPerSecond") / baseline));
                    Map<String, Object> ordered = new LinkedHashMap<>();
                    ordered.put("parallel", slots);
                    ordered.put("clients", clients);
                    ordered.putAll(row);
                    rows.add(ordered);
                    log(
                            "throughput: parallel=%d clients=%d -> %.0f tokens/s",
                            slots, clients, (double) row.get("tokensPerSecond"));
                }
            } finally {
                camel.stop();
            }
        }
        return rows;
    }

    Map<String, Object> runClients(ProducerTemplate template, Endpoint endpoint, int clients, int requests)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<long[]>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    long[] tokensAndLatencies = new long[requests + 1];
                    go.await();
                    for (int i = 0; i < requests; i++) {
                        Result r = route(template, endpoint, prompt);
                        if (r.tokens() < 0) {
                            throw new IllegalStateException("no " + LlmConstants.OUTPUT_TOKENS + " header");
                        }
                        tokensAndLatencies[0] += r.tokens();
                        tokensAndLatencies[i + 1] = r.nanos();
                    }
                    return tokensAndLatencies;
                }));
            }
            long start = System.nanoTime();
            go.countDown();
            long tokens = 0;
            List<Long> latencies = new ArrayList<>();
            for (Future<long[]> f : futures) {
                long[] r = f.get(30, TimeUnit.MINUTES);
                tokens += r[0];
                for (int i = 1; i < r.length; i++) {
                    latencies.add(r[i]);
                }
            }
            long wall = System.nanoTime() - start;
            long[] lat = toArray(latencies);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("requests", clients * requests);
            row.put("tokens", tokens);
            row.put("wallSeconds", round4(wall / 1e9));
            row.put("tokensPerSecond", round4(tokens / (wall / 1e9)));
            row.put("medianLatencyMs", ms(median(lat)));
            row.put("p90LatencyMs", ms(p90(lat)));
            return row;
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- report

    Map<String, Object> environment() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("date", LocalDate.now().toString());
        env.put(
                "timestamp",
                OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
        env.put("cpuModel", cpuModel());
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        env.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        env.put("llamaBinding", "de.kherud:llama:" + System.getProperty("bench.llamaVersion", bindingVersion()));
        env.put(
                "camel",
                System.getProperty(
                        "bench.camelVersion",
                        String.valueOf(CamelContext.class.getPackage().getImplementationVersion())));
        env.put(
                "model",
                BundledModel.FILE_NAME + " (" + BundledModel.SIZE + " bytes, sha256 "
                        + BundledModel.SHA256.substring(0, 12) + "…)");
        env.put("contextPerSlot", contextSize);
        env.put("threads", threads == null ? "llama.cpp default (threads option unset)" : String.valueOf(threads));
        env.put("warmupRounds", warmup);
        env.put("measuredRounds", rounds);
        env.put("requestsPerClient", requestsPerClient);
        return env;
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    static String bindingVersion() {
        try (var in = LlamaModel.class.getResourceAsStream("/META-INF/maven/de.kherud/llama/pom.properties")) {
            if (in != null) {
                var props = new java.util.Properties();
                props.load(in);
                return props.getProperty("version", "unknown");
            }
        } catch (IOException ignored) {
            // fall through
        }
        return "unknown";
    }

    @SuppressWarnings("unchecked")
    String markdown() {
        Map<String, Object> env = (Map<String, Object>) report.get("environment");
        List<Map<String, Object>> latency = (List<Map<String, Object>>) report.get("latency");
        Map<String, Object> breakdown = (Map<String, Object>) report.get("breakdown");
        List<Map<String, Object>> throughput = (List<Map<String, Object>>) report.get("throughput");
        StringBuilder md = new StringBuilder();
        md.append("# llm:call overhead and throughput — ")
                .append(env.get("date"))
                .append("\n\n");
        md.append("| | |\n|---|---|\n");
        for (String k : List.of(
                "timestamp",
                "cpuModel",
                "cores",
                "os",
                "java",
                "llamaBinding",
                "camel",
                "model",
                "contextPerSlot",
                "threads",
                "warmupRounds",
                "measuredRounds",
                "requestsPerClient")) {
            md.append("| ").append(k).append(" | ").append(env.get(k)).append(" |\n");
        }
        md.append("| prompt | `").append(prompt).append("` |\n\n");

        md.append("## Latency: (a) binding called directly vs (b) `direct:call` → `llm:call` route\n\n");
        md.append(
                        "Greedy (temperature 0), same load and sampling parameters on both paths; (a) and (b) alternate in every round. ")
                .append("Target: route median within 3 % of direct (ratio b/a ≤ 1.03).\n\n");
        md.append(
                "| maxTokens | tokens (a) | tokens (b) | (a) median ms | (a) p90 ms | (b) median ms | (b) p90 ms | b/a (medians) | b/a (median of paired rounds) | overhead ms | verdict |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Map<String, Object> r : latency) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %d | %d | %.2f | %.2f | %.2f | %.2f | %.3f | %.3f | %+.2f | %s |\n",
                    r.get("maxTokens"),
                    r.get("tokensDirect"),
                    r.get("tokensRoute"),
                    r.get("directMedianMs"),
                    r.get("directP90Ms"),
                    r.get("routeMedianMs"),
                    r.get("routeP90Ms"),
                    r.get("ratioOfMedians"),
                    r.get("medianPairedRatio"),
                    r.get("overheadMedianMs"),
                    r.get("verdict")));
        }
        md.append(
                "\nWhere the time goes (medians; the component's headers are whole milliseconds, its clock starts inside the backend):\n\n");
        md.append(
                "| maxTokens | (a) first token ms | (b) CamelLlmTimeToFirstTokenMs | (b) CamelLlmGenerationMs | (b) wall ms |\n|---:|---:|---:|---:|---:|\n");
        for (Map<String, Object> r : latency) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %.2f | %.0f | %.0f | %.2f |\n",
                    r.get("maxTokens"),
                    r.get("directTtftMedianMs"),
                    r.get("routeTtftHeaderMedianMs"),
                    r.get("routeGenerationMsHeaderMedian"),
                    r.get("routeMedianMs")));
        }
        md.append(loadLine((Map<String, Object>) report.get("machineLoadDuringLatency")));
        md.append("\n## What the route adds (measured separately)\n\n| item | value |\n|---|---:|\n");
        md.append(String.format(
                Locale.ROOT,
                "| empty Camel exchange (`direct:` → no-op processor), median | %.1f µs |\n",
                breakdown.get("emptyCamelExchangeUs")));
        md.append(String.format(
                Locale.ROOT,
                "| prompt tokenisation `LlamaModel.encode` (the component's countTokens), median | %.1f µs |\n",
                breakdown.get("encodePromptUs")));
        if (breakdown.containsKey("fixedOverheadMs")) {
            md.append(String.format(
                    Locale.ROOT,
                    "| fitted fixed overhead per request (from the two sizes) | %.3f ms |\n",
                    breakdown.get("fixedOverheadMs")));
            md.append(String.format(
                    Locale.ROOT,
                    "| fitted overhead per generated token | %.2f µs |\n",
                    breakdown.get("perTokenOverheadUs")));
        }
        md.append("\n## Throughput: `llm:call`, maxTokens=128, tokens/s over all exchanges\n\n");
        md.append("Each client thread sends ")
                .append(requestsPerClient)
                .append(" requests back to back; ")
                .append(env.get("cores"))
                .append(" CPU cores. Speedup is against 1 client on parallel=1.\n\n");
        md.append(
                "| parallel (slots) | clients | requests | tokens | wall s | tokens/s | speedup | median latency ms | p90 latency ms |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map<String, Object> r : throughput) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %d | %d | %d | %.2f | %.0f | %.2f× | %.1f | %.1f |\n",
                    r.get("parallel"),
                    r.get("clients"),
                    r.get("requests"),
                    r.get("tokens"),
                    r.get("wallSeconds"),
                    r.get("tokensPerSecond"),
                    r.get("speedupVs1x1"),
                    r.get("medianLatencyMs"),
                    r.get("p90LatencyMs")));
        }
        md.append(loadLine((Map<String, Object>) report.get("machineLoadDuringThroughput")));
        return md.toString();
    }

    static String loadLine(Map<String, Object> load) {
        if (load == null || load.isEmpty()) {
            return "";
        }
        return String.format(
                Locale.ROOT,
                "%nMachine during this phase: this JVM used %.0f %% of the %s cores, other processes %.0f %%, "
                        + "hypervisor steal %.0f %%, idle %.0f %%.%n",
                load.get("ownPct"),
                load.get("cores"),
                load.get("otherPct"),
                load.get("stealPct"),
                load.get("idlePct"));
    }

    void write(String markdown) throws IOException {
        Files.createDirectories(resultsDir);
        String date = LocalDate.now().toString();
        String label = System.getProperty("bench.label", "");
        String base = "call-overhead-" + date + (label.isBlank() ? "" : "-" + label.trim());
        Path md = resultsDir.resolve(base + ".md");
        Path json = resultsDir.resolve(base + ".json");
        Files.writeString(md, markdown, StandardCharsets.UTF_8);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
        log(
                "wrote %s and %s",
                md.toAbsolutePath().normalize(), json.toAbsolutePath().normalize());
    }

    // ---------------------------------------------------------------- statistics

    static long[] toArray(List<Long> values) {
        // keeps the order: the latency phase pairs (a) and (b) by round
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    static long median(long[] values) {
        long[] a = values.clone();
        Arrays.sort(a);
        int n = a.length;
        return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }

    /** Nearest-rank 90th percentile. */
    static long p90(long[] values) {
        long[] a = values.clone();
        Arrays.sort(a);
        int rank = (int) Math.ceil(0.9 * a.length);
        return a[Math.max(0, rank - 1)];
    }

    static double ms(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }

    static double us(long nanos) {
        return Math.round(nanos / 1e2) / 10.0;
    }

    static double round4(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    static void log(String format, Object... args) {
        System.err.println("[bench] " + String.format(Locale.ROOT, format, args));
    }
}
