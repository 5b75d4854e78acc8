package io.github.camelllm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The same 16-token {@code llm:call}, (a) in-process on the local backend and (b) with backend=openai over HTTP on
 * loopback to the project's OpenAI-compatible route serving that same model. Alternating rounds after a JIT warm-up;
 * prints a Markdown table and writes it, with the raw timings, to bench/results/http-vs-inprocess-DATE.{md,json}.
 * Run: {@code mvn -q -pl bench compile exec:exec@bench -Dbench.mainClass=io.github.camelllm.bench.HttpOverheadBench}
 */
public final class HttpOverheadBench {

    private final int warmup = Integer.getInteger("bench.warmup", 200);
    private final int rounds = Integer.getInteger("bench.rounds", 60);
    private final Integer threads = Integer.getInteger("bench.threads");
    private final Path resultsDir = Path.of(System.getProperty("bench.results", "results"));
    private final String label = System.getProperty("bench.label", "");

    public static void main(String[] args) {
        int status = 0;
        try {
            new HttpOverheadBench().run();
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        }
        // java-llama.cpp leaves a non-daemon native thread behind
        System.exit(status);
    }

    void run() throws Exception {
        String threadParam = threads == null ? "" : "&threads=" + threads;
        InJvmOpenAiServer server = InJvmOpenAiServer.start(512, threads);
        String baseUrl = server.baseUrl();
        try (CamelContext client = new DefaultCamelContext()) {
            client.start();
            ProducerTemplate template = client.createProducerTemplate();
            // (a) shares the server's loaded model: same file, context and slots, so both paths run the same native
            // model
            String local = "llm:call?backend=local&maxTokens=16&temperature=0&contextSize=512" + threadParam;
            String http = "llm:call?backend=openai&baseUrl=" + baseUrl + "&model=stories260K&maxTokens=16"
                    + "&temperature=0&maxRetries=0";
            List<Long> a = new ArrayList<>();
            List<Long> b = new ArrayList<>();
            int mismatches = 0;
            for (int round = 0; round < warmup + rounds; round++) {
                long t0 = System.nanoTime();
                Exchange ea = template.request(local, e -> e.getMessage().setBody("Once upon a time"));
                long t1 = System.nanoTime();
                Exchange eb = template.request(http, e -> e.getMessage().setBody("Once upon a time"));
                long t2 = System.nanoTime();
                if (ea.getException() != null) {
                    throw ea.getException();
                }
                if (eb.getException() != null) {
                    throw eb.getException();
                }
                if (!ea.getMessage()
                        .getBody(String.class)
                        .equals(eb.getMessage().getBody(String.class))) {
                    mismatches++;
                }
                if (round >= warmup) {
                    a.add(t1 - t0);
                    b.add(t2 - t1);
                }
            }
            report(a, b, mismatches);
        } finally {
            server.close();
        }
    }

    private void report(List<Long> a, List<Long> b, int mismatches) throws IOException {
        long[] sa = a.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] sb = b.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] paired = new long[a.size()];
        for (int i = 0; i < a.size(); i++) {
            paired[i] = b.get(i) - a.get(i);
        }
        java.util.Arrays.sort(paired);
        double ma = sa[sa.length / 2] / 1e6;
        double mb = sb[sb.length / 2] / 1e6;
        double p90a = sa[(int) (sa.length * 0.9)] / 1e6;
        double p90b = sb[(int) (sb.length * 0.9)] / 1e6;
        String date = LocalDate.now(ZoneOffset.UTC).toString();
        StringBuilder md = new StringBuilder();
        md.append("# llm:call in-process vs over HTTP — ").append(date).append("\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| timestamp | ").append(OffsetDateTime.now(ZoneOffset.UTC)).append(" |\n");
        md.append("| cpuModel | ").append(CallOverheadBench.cpuModel()).append(" |\n");
        md.append("| cores | ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" |\n");
        md.append("| java | ")
                .append(System.getProperty("java.vm.name"))
                .append(' ')
                .append(System.getProperty("java.runtime.version"))
                .append(" |\n");
        md.append("| model | stories260K (bundled), context 512, threads ")
                .append(threads == null ? "default" : threads)
                .append(" |\n");
        md.append("| request | `llm:call`, prompt `Once upon a time`, maxTokens 16, temperature 0 |\n");
        md.append("| rounds | ")
                .append(warmup)
                .append(" warm-up + ")
                .append(rounds)
                .append(" measured, (a) and (b) alternating |\n\n");
        md.append(
                "(a) backend=local in the same JVM; (b) backend=openai over HTTP/1.1 on loopback to `routes/openai-server`"
                        + " (platform-http, Vert.x) serving the same loaded model, streamed as SSE.\n\n");
        md.append("| path | median ms | p90 ms |\n|---|---:|---:|\n");
        md.append(String.format(Locale.ROOT, "| (a) in-process | %.2f | %.2f |%n", ma, p90a));
        md.append(String.format(Locale.ROOT, "| (b) over HTTP | %.2f | %.2f |%n", mb, p90b));
        md.append(String.format(
                Locale.ROOT,
                "%nRatio of medians b/a: **%.2f×**; median of paired differences: **+%.2f ms** per request."
                        + " Text mismatches between the paths: %d.%n",
                mb / ma,
                paired[paired.length / 2] / 1e6,
                mismatches));
        String text = md.toString();
        System.out.println(text);
        Files.createDirectories(resultsDir);
        String base = "http-vs-inprocess-" + date + (label.isBlank() ? "" : "-" + label);
        Files.writeString(resultsDir.resolve(base + ".md"), text);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", date);
        json.put("warmup", warmup);
        json.put("rounds", rounds);
        json.put("threads", threads);
        json.put("inProcessNanos", a);
        json.put("httpNanos", b);
        json.put("medianInProcessMs", ma);
        json.put("medianHttpMs", mb);
        json.put("ratio", mb / ma);
        json.put("mismatches", mismatches);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(resultsDir.resolve(base + ".json").toFile(), json);
    }
}
