package io.github.camelllm.component;

import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.camelllm.spi.ChatMessage;
import io.github.camelllm.spi.EmbeddingRequest;
import io.github.camelllm.spi.GenerationRequest;
import io.github.camelllm.spi.GenerationStream;
import io.github.camelllm.spi.LlmBackend;
import io.github.camelllm.spi.LlmHealth;
import io.github.camelllm.spi.LlmHealthOptions;
import io.github.camelllm.spi.LlmQueueTimeoutException;
import io.github.camelllm.spi.SamplingOptions;

/**
 * Sends a health probe, the smallest real request (one generated token, or the embedding of one word), and turns its
 * outcome into a health result. The request runs on a probe thread of the component's {@link LlmRuntime} and the check waits for it at most
 * {@code timeoutMillis}: a remote server that accepts connections but never answers cannot hold a health check for
 * the backend's own (much longer) request timeout. At most one probe per backend runs at a time; a check that finds
 * one still running waits for that one.
 */
final class ProbeRunner {

    static final String PROBE_TEXT = "Hello";

    private final LlmRuntime runtime;
    private final Map<LlmBackend, Future<?>> running = new WeakHashMap<>();

    ProbeRunner(LlmRuntime runtime) {
        this.runtime = runtime;
    }

    void clear() {
        synchronized (running) {
            running.clear();
        }
    }

    LlmHealth run(LlmBackend backend, LlmHealth status, LlmHealthOptions options) {
        String what = options.probe() == LlmHealthOptions.Probe.EMBEDDING ? "embedding" : "generation";
        long start = System.nanoTime();
        Future<?> probe;
        synchronized (running) {
            probe = running.get(backend);
            if (probe == null || probe.isDone()) {
                probe = runtime.probeThreads().submit(() -> send(backend, options));
                running.put(backend, probe);
            }
        }
        try {
            probe.get(options.timeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return status.asDown(
                            what + " probe got no answer within " + options.timeoutMillis()
                                    + " ms (healthCheckTimeout)",
                            e)
                    .withDetail("probe", "failed");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof LlmQueueTimeoutException) {
                // every slot is serving requests: the model works, the probe just has no room
                return status.withDetail("probe", "skipped: every slot is busy");
            }
            return status.asDown(what + " probe failed: " + cause.getMessage(), cause)
                    .withDetail("probe", "failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return status.asDown(what + " probe interrupted", e).withDetail("probe", "failed");
        }
        return status.withDetail("probe", "ok").withDetail("probeMs", (System.nanoTime() - start) / 1_000_000);
    }

    private static void send(LlmBackend backend, LlmHealthOptions options) {
        if (options.probe() == LlmHealthOptions.Probe.EMBEDDING) {
            backend.embed(new EmbeddingRequest(List.of(PROBE_TEXT), options.timeoutMillis(), 0));
            return;
        }
        // greedy, and otherwise the component's defaults: OpenAI's own API refuses llama.cpp's top_k/min_p when they
        // differ
        SamplingOptions oneToken = new SamplingOptions(1, 0f, 0.95f, 40, 0.05f, 1f, null, List.of(), null, null);
        GenerationRequest request = options.probe() == LlmHealthOptions.Probe.CHAT
                ? new GenerationRequest(
                        null,
                        List.of(new ChatMessage("user", PROBE_TEXT)),
                        options.chatTemplate(),
                        oneToken,
                        options.timeoutMillis(),
                        0)
                : new GenerationRequest(PROBE_TEXT, null, null, oneToken, options.timeoutMillis(), 0);
        try (GenerationStream stream = backend.generate(request)) {
            while (stream.hasNext()) {
                stream.next();
            }
        }
    }
}
