package io.github.camelllm.spi;

import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import io.github.camelllm.chat.ChatMessage;
import io.github.camelllm.component.LlmQueueTimeoutException;

/**
 * {@link LlmBackend#health}: the backend's own {@link LlmBackend#status} and, when asked for, a probe: the smallest
 * real request (one generated token, or the embedding of one word). A result with a probe is reused for
 * {@code cacheMillis} per backend instance, so that health polling does not keep a slot busy.
 */
final class HealthProbes {

    static final String PROBE_TEXT = "Hello";

    private record Cached(LlmHealthOptions options, long atNanos, LlmHealth health) {
    }

    private static final Map<LlmBackend, Cached> PROBED = new WeakHashMap<>();

    private HealthProbes() {
    }

    static LlmHealth check(LlmBackend backend, LlmHealthOptions options) {
        if (options.probe() == LlmHealthOptions.Probe.NONE) {
            return status(backend, options);
        }
        synchronized (PROBED) {
            Cached c = PROBED.get(backend);
            if (c != null && c.options().equals(options) && System.nanoTime() - c.atNanos() < options.cacheMillis() * 1_000_000L) {
                return c.health();
            }
        }
        LlmHealth status = status(backend, options);
        LlmHealth result = status.up() ? probe(backend, status, options) : status;
        synchronized (PROBED) {
            PROBED.put(backend, new Cached(options, System.nanoTime(), result));
        }
        return result;
    }

    private static LlmHealth status(LlmBackend backend, LlmHealthOptions options) {
        try {
            return backend.status(options);
        } catch (RuntimeException e) {
            return LlmHealth.down(backend.name(), null, null, "the " + backend.name() + " backend's status check failed: " + e.getMessage(),
                    e, Map.of());
        }
    }

    private static LlmHealth probe(LlmBackend backend, LlmHealth status, LlmHealthOptions options) {
        long start = System.nanoTime();
        try {
            if (options.probe() == LlmHealthOptions.Probe.EMBEDDING) {
                backend.embed(new EmbeddingRequest(List.of(PROBE_TEXT), true, options.timeoutMillis(), 0));
            } else {
                generateOneToken(backend, options);
            }
        } catch (LlmQueueTimeoutException busy) {
            // every slot is serving requests: the model works, the probe just has no room
            return status.withDetail("probe", "skipped: every slot is busy");
        } catch (RuntimeException | LinkageError e) {
            String what = options.probe() == LlmHealthOptions.Probe.EMBEDDING ? "embedding" : "generation";
            return status.asDown(what + " probe failed: " + e.getMessage(), e).withDetail("probe", "failed");
        }
        return status.withDetail("probe", "ok").withDetail("probeMs", (System.nanoTime() - start) / 1_000_000);
    }

    private static void generateOneToken(LlmBackend backend, LlmHealthOptions options) {
        // greedy, and otherwise the component's defaults: OpenAI's own API refuses llama.cpp's top_k/min_p when they differ
        SamplingOptions oneToken = new SamplingOptions(1, 0f, 0.95f, 40, 0.05f, 1f, null, List.of(), null, null);
        GenerationRequest request = options.probe() == LlmHealthOptions.Probe.CHAT
                ? new GenerationRequest(null, List.of(new ChatMessage("user", PROBE_TEXT)), options.chatTemplate(), oneToken,
                        options.timeoutMillis(), 0)
                : new GenerationRequest(PROBE_TEXT, null, null, oneToken, options.timeoutMillis(), 0);
        try (GenerationStream stream = backend.generate(request)) {
            while (stream.hasNext()) {
                stream.next();
            }
        }
    }
}
