package io.github.camelllm.component;

import java.util.List;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.camelllm.spi.LlmBackend;
import io.github.camelllm.spi.LlmCachedResponse;
import io.github.camelllm.spi.LlmCallInfo;
import io.github.camelllm.spi.LlmObserver;

/** The observers of one producer, found in the registry when it starts; their failures are logged, never thrown. */
final class LlmObservers {

    private static final Logger LOG = LoggerFactory.getLogger(LlmObservers.class);
    static final LlmObservers NONE = new LlmObservers(List.of());

    private final List<LlmObserver> observers;

    private LlmObservers(List<LlmObserver> observers) {
        this.observers = observers;
    }

    static LlmObservers lookup(CamelContext context) {
        Set<LlmObserver> found = context.getRegistry().findByType(LlmObserver.class);
        return found == null || found.isEmpty() ? NONE : new LlmObservers(List.copyOf(found));
    }

    boolean isEmpty() {
        return observers.isEmpty();
    }

    void generation(String operation, LlmBackend backend, LlmChunk last, long startNanos, Throwable error) {
        generation(operation, backend, last, startNanos, errorType(error));
    }

    void generation(String operation, LlmBackend backend, LlmChunk last, long startNanos, String errorType) {
        if (observers.isEmpty()) {
            return;
        }
        LlmCallInfo info = new LlmCallInfo(operation, safe(backend, true), safe(backend, false),
                last == null ? null : last.getInputTokens(), last == null ? null : last.getOutputTokens(),
                last == null ? null : last.getFinishReason(), elapsedMs(startNanos),
                last == null ? null : last.getTimeToFirstTokenMs(), errorType);
        for (LlmObserver o : observers) {
            try {
                o.onGeneration(info);
            } catch (Throwable t) {
                LOG.warn("LlmObserver {} failed on a generation: {}", o.getClass().getName(), t.toString(), t);
            }
        }
    }

    void embedding(LlmBackend backend, Integer inputTokens, long startNanos, Throwable error) {
        if (observers.isEmpty()) {
            return;
        }
        LlmCallInfo info = new LlmCallInfo("embed", safe(backend, true), safe(backend, false), inputTokens, null, null,
                elapsedMs(startNanos), null, errorType(error));
        for (LlmObserver o : observers) {
            try {
                o.onEmbedding(info);
            } catch (Throwable t) {
                LOG.warn("LlmObserver {} failed on an embedding: {}", o.getClass().getName(), t.toString(), t);
            }
        }
    }

    void cacheHit(String operation, LlmCachedResponse hit, long startNanos) {
        if (observers.isEmpty()) {
            return;
        }
        LlmCallInfo info = new LlmCallInfo(operation, hit.backend(), hit.model(), hit.inputTokens(), hit.outputTokens(),
                hit.finishReason(), elapsedMs(startNanos), hit.timeToFirstTokenMs(), null);
        for (LlmObserver o : observers) {
            try {
                o.onCacheHit(info);
            } catch (Throwable t) {
                LOG.warn("LlmObserver {} failed on a cache hit: {}", o.getClass().getName(), t.toString(), t);
            }
        }
    }

    private static String safe(LlmBackend backend, boolean name) {
        if (backend == null) {
            return null;
        }
        try {
            return name ? backend.name() : backend.modelName();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000L;
    }

    static String errorType(Throwable error) {
        return error == null ? null : error.getClass().getName();
    }
}
