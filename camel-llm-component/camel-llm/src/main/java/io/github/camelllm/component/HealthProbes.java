package io.github.camelllm.spi;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * {@link LlmBackend#health}: the backend's own {@link LlmBackend#status} and, when asked for, a probe
 * ({@link ProbeRunner}). A result with a probe is reused for {@code cacheMillis} per backend instance, so that health
 * polling does not keep a slot busy.
 */
final class HealthProbes {

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
        LlmHealth result = status.up() ? ProbeRunner.run(backend, status, options) : status;
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
}
