package io.github.camelllm.llamacpp;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.PoolingType;

import io.github.camelllm.gguf.GgufModelInfo;
import io.github.camelllm.spi.LlmModelException;
import io.github.camelllm.spi.LlmQueueTimeoutException;

/**
 * One loaded native model and its slots. Requests take a slot (a permit) before reaching llama.cpp, so at most
 * {@code parallel} requests are in the native server at once and the others wait here, with a timeout.
 */
final class SharedModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedModel.class);

    final ModelKey key;
    final GgufModelInfo info;
    final String displayName;
    private final LlamaModel model;
    private final Semaphore slots;
    private final Set<LocalGeneration> active = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private SharedModel(ModelKey key, GgufModelInfo info, String displayName, LlamaModel model) {
        this.key = key;
        this.info = info;
        this.displayName = displayName;
        this.model = model;
        this.slots = new Semaphore(key.parallel(), true);
    }

    static SharedModel load(ModelKey key, GgufModelInfo info, String displayName) {
        NativeRuntime.ensureLoaded();
        ModelParameters params = new ModelParameters()
                .setModel(key.path().toString())
                .setCtxSize(key.contextPerSlot() * key.parallel())
                .setParallel(key.parallel())
                // measured: the load-time warm-up leaves an extra OpenMP worker that slows generation
                // (docs/performance.md)
                .skipWarmup()
                // no silent truncation: requests are checked against the context before they are sent
                .disableContextShift()
                .disableLog();
        if (key.gpuLayers() != 0) {
            params.setGpuLayers(key.gpuLayers());
        }
        if (key.threads() != null) {
            params.setThreads(key.threads()).setThreadsBatch(key.threads());
        }
        if (key.embedding()) {
            params.enableEmbedding()
                    .setPoolingType(poolingFor(info))
                    // embeddings need the whole input in one micro-batch
                    .setBatchSize(key.contextPerSlot())
                    .setUbatchSize(key.contextPerSlot());
        }
        long start = System.nanoTime();
        LlamaModel model;
        try {
            model = new LlamaModel(params);
        } catch (RuntimeException e) {
            throw new LlmModelException("llama.cpp could not load " + key.path() + ": " + e.getMessage(), e);
        }
        NativeRuntime.installLogger();
        LOG.info(
                "Loaded model {} ({}) for {} in {} ms: context {} × {} slot(s){}",
                displayName,
                info.summary(),
                key.embedding() ? "embeddings" : "generation",
                (System.nanoTime() - start) / 1_000_000,
                key.contextPerSlot(),
                key.parallel(),
                key.threads() == null ? "" : ", " + key.threads() + " threads");
        return new SharedModel(key, info, displayName, model);
    }

    /**
     * llama-architecture (causal) models abort llama.cpp with MEAN pooling and give one identical vector for every
     * input with NONE/CLS, so they embed with LAST. Encoder models (BERT family) keep their own pooling.
     */
    static PoolingType poolingFor(GgufModelInfo info) {
        if (info.isEmbeddingModel() && !CausalArchitectures.isCausal(info.architecture())) {
            return PoolingType.UNSPECIFIED;
        }
        return PoolingType.LAST;
    }

    LlamaModel model() {
        return model;
    }

    int contextPerSlot() {
        return key.contextPerSlot();
    }

    /** Takes a slot, waiting up to queueTimeout. */
    void acquireSlot(long queueTimeoutMillis) {
        if (closed) {
            throw new LlmModelException("model " + displayName + " is closed (its route or CamelContext stopped)");
        }
        boolean ok;
        try {
            ok = slots.tryAcquire(queueTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmQueueTimeoutException("interrupted while waiting for a free slot of model " + displayName);
        }
        if (!ok) {
            throw new LlmQueueTimeoutException("all " + key.parallel() + " slot(s) of model " + displayName
                    + " stayed busy for " + queueTimeoutMillis + " ms (queueTimeout); raise parallel or queueTimeout");
        }
    }

    void releaseSlot() {
        slots.release();
    }

    boolean isClosed() {
        return closed;
    }

    /** Slots serving a request now (an estimate: it changes as requests come and go). */
    int slotsInUse() {
        return Math.max(0, key.parallel() - slots.availablePermits());
    }

    void register(LocalGeneration generation) {
        active.add(generation);
    }

    void unregister(LocalGeneration generation) {
        active.remove(generation);
    }

    /** Cancels running generations, waits for the slots to drain, then frees the native model. */
    @Override
    public void close() {
        closed = true;
        for (LocalGeneration g : active) {
            g.close();
        }
        try {
            if (!slots.tryAcquire(key.parallel(), 30, TimeUnit.SECONDS)) {
                LOG.warn("Model {}: generations still running after 30 s; closing anyway", displayName);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        model.close();
        LOG.info("Closed model {} ({})", displayName, key.embedding() ? "embeddings" : "generation");
    }
}
