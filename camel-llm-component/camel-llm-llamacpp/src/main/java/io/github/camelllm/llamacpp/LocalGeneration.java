package io.github.camelllm.llamacpp;

import java.util.NoSuchElementException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaOutput;
import io.github.camelllm.spi.LlmCancelledException;
import io.github.camelllm.spi.LlmChunk;
import io.github.camelllm.spi.LlmException;
import io.github.camelllm.spi.LlmTimeoutException;
import io.github.camelllm.spi.GenerationStream;

/**
 * A generation running in one slot of a {@link SharedModel}.
 * <p>
 * The binding's cancel must not race a thread blocked in {@code receiveCompletion} for the same task: llama.cpp sends
 * nothing more for a cancelled task, so that thread would wait forever. Cancellation is therefore only done by a
 * thread that is not receiving: a cancel requested while another thread receives is carried out by that thread as
 * soon as its token arrives.
 */
final class LocalGeneration implements GenerationStream {

    private enum CancelReason { CLOSED, TIMEOUT }

    private final SharedModel model;
    private final LlamaIterator iterator;
    private volatile int inputTokens;
    private final int tokenLimit;
    private final long startNanos;
    private final long timeoutMillis;
    private final ScheduledFuture<?> watchdog;

    private final Object lock = new Object();
    private boolean receiving;
    private boolean finished;
    private CancelReason cancelReason;
    private boolean timeoutReported;
    private int outputTokens;
    private long firstTokenNanos;
    private int index;

    LocalGeneration(SharedModel model, LlamaIterator iterator, int tokenLimit, long startNanos, long timeoutMillis, boolean detached,
                    ScheduledExecutorService timer) {
        this.model = model;
        this.iterator = iterator;
        this.tokenLimit = tokenLimit;
        this.startNanos = startNanos;
        this.timeoutMillis = timeoutMillis;
        model.register(this);
        // a caller that reads to the end is checked at every token; a detached stream may be abandoned, so a
        // watchdog enforces its timeout even when nobody reads
        this.watchdog = detached && timeoutMillis > 0
                ? timer.schedule(() -> requestCancel(CancelReason.TIMEOUT), timeoutMillis, TimeUnit.MILLISECONDS)
                : null;
    }

    void setInputTokens(int inputTokens) {
        this.inputTokens = inputTokens;
    }

    @Override
    public int inputTokens() {
        return inputTokens;
    }

    @Override
    public boolean hasNext() {
        synchronized (lock) {
            // a generation cut by its timeout still has something to say: next() reports the timeout, so that a
            // reader never mistakes a cancelled generation for a complete (short) one
            return !finished || (cancelReason == CancelReason.TIMEOUT && !timeoutReported);
        }
    }

    @Override
    public LlmChunk next() {
        while (true) {
            synchronized (lock) {
                if (finished) {
                    throw cancelReason != null ? cancelledError() : new NoSuchElementException("the generation has ended");
                }
                if (cancelReason != null) {
                    cancelNative();
                    throw cancelledError();
                }
                receiving = true;
            }
            LlamaOutput output;
            boolean more;
            try {
                output = iterator.next();
                more = iterator.hasNext();
            } catch (RuntimeException e) {
                synchronized (lock) {
                    receiving = false;
                    finish();
                }
                throw new LlmException("llama.cpp failed during generation with model " + model.displayName + ": " + NativeErrors.message(e), e);
            }
            long now = System.nanoTime();
            synchronized (lock) {
                receiving = false;
                if (more) {
                    outputTokens++;
                    if (firstTokenNanos == 0) {
                        firstTokenNanos = now;
                    }
                    if (cancelReason == null && timeoutMillis > 0 && now - startNanos > TimeUnit.MILLISECONDS.toNanos(timeoutMillis)) {
                        cancelReason = CancelReason.TIMEOUT;
                    }
                    if (cancelReason != null) {
                        cancelNative();
                        throw cancelledError();
                    }
                    if (output.text.isEmpty()) {
                        continue; // llama.cpp holds text back while it might be the start of a stop string
                    }
                    return LlmChunk.delta(output.text, index++);
                }
                finish();
                long totalMs = (now - startNanos) / 1_000_000;
                Long ttft = firstTokenNanos == 0 ? null : (firstTokenNanos - startNanos) / 1_000_000;
                String reason = outputTokens >= tokenLimit ? "length" : "stop";
                return new LlmChunk(output.text, index++, true, reason, inputTokens, outputTokens, ttft, totalMs);
            }
        }
    }

    private LlmException cancelledError() {
        if (cancelReason == CancelReason.TIMEOUT) {
            timeoutReported = true;
            return new LlmTimeoutException("generation with model " + model.displayName + " exceeded the timeout of " + timeoutMillis
                    + " ms after " + outputTokens + " tokens and was cancelled");
        }
        return new LlmCancelledException("generation with model " + model.displayName + " was cancelled after " + outputTokens + " tokens");
    }

    /** Cancels the generation if it is still running; safe from any thread, idempotent. */
    @Override
    public void close() {
        requestCancel(CancelReason.CLOSED);
    }

    private void requestCancel(CancelReason reason) {
        synchronized (lock) {
            if (finished || cancelReason != null) {
                return;
            }
            cancelReason = reason;
            if (!receiving) {
                cancelNative();
            }
        }
    }

    /** Called with the lock held and no thread receiving. */
    private void cancelNative() {
        if (!finished) {
            iterator.cancel();
            finish();
        }
    }

    /** Called with the lock held: frees the slot exactly once. */
    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        model.unregister(this);
        model.releaseSlot();
    }
}
