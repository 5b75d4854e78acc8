package io.github.camelllm.component;

import java.util.Map;
import java.util.WeakHashMap;

import io.github.camelllm.spi.LlmBackend;
import io.github.camelllm.spi.LlmHealth;
import io.github.camelllm.spi.LlmHealthOptions;

/**
 * The readiness of a backend: its own {@link LlmBackend#status} and, when asked for, a probe
 * ({@link ProbeRunner}). A result with a probe is reused for {@code cacheMillis} per backend instance, so that health
 * polling does not keep a slot busy.
 */
final class HealthProbes {

    private record Cached(LlmHealthOptions options, long atNanos, LlmHealth health) {}

    private final Map<LlmBackend, Cached> probed = new WeakHashMap<>();
    private final ProbeRunner runner;

    HealthProbes(LlmRuntime runtime) {
        this.runner = new ProbeRunner(runtime);
    }

    /** Forgets every cached result and running probe (the component stops). */
    void clear() {
        synchronized (probed) {
            probed.clear();
        }
        runner.clear();
    }

    LlmHealth check(LlmBackend backend, LlmHealthOptions options) {
        if (options.probe() == LlmHealthOptions.Probe.NONE) {
            return status(backend, options);
        }
        synchronized (probed) {
            Cached c = probed.get(backend);
            if (c != null
                    && c.options().equals(options)
                    && System.nanoTime() - c.atNanos() < options.cacheMillis() * 1_000_000L) {
                return c.health();
            }
        }
        LlmHealth status = status(backend, options);
        LlmHealth result = status.up() ? runner.run(backend, status, options) : status;
        synchronized (probed) {
            probed.put(backend, new Cached(options, System.nanoTime(), result));
        }
        return result;
    }

    private static LlmHealth status(LlmBackend backend, LlmHealthOptions options) {
        try {
            return backend.status(options);
        } catch (RuntimeException e) {
            return LlmHealth.down(
                    backend.name(),
                    null,
                    null,
                    "the " + backend.name() + " backend's status check failed: " + e.getMessage(),
                    e,
                    Map.of());
        }
    }
}
