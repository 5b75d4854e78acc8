package io.github.camelllm.support;

import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.github.camelllm.spi.GenerationStream;
import io.github.camelllm.spi.LlmChunk;
import io.github.camelllm.spi.LlmException;

/**
 * The state machine of a running generation, shared by every backend: it reads the pieces of a
 * {@link GenerationSource} and turns them into chunks, and decides how the generation ends.
 * <ul>
 * <li>Each non-empty delta becomes a chunk; the end becomes the last chunk, with usage, finish reason and the
 * time to the first piece and to the end, measured from the request.</li>
 * <li>{@link #close()} before the end cancels: it aborts the source and releases it, or, while a thread reads,
 * aborts the source to wake that thread (or leaves the abort to it, for a source that cannot be aborted while
 * reading). That thread, and any later {@link #next()}, gets an {@link io.github.camelllm.spi.LlmCancelledException}.</li>
 * <li>The {@code timeout} is checked before and after each read, and, once {@link #enforceDeadline} was called, by a
 * task on a timer that cancels a generation nobody reads. A generation cut by its timeout is not complete:
 * {@link #hasNext()} stays true until {@link #next()} has thrown the {@link io.github.camelllm.spi.LlmTimeoutException}.</li>
 * <li>A cancellation or timeout requested before a read returned takes precedence over what it returned, even the
 * end, and over its failure, which it most likely caused; other failures of the source are thrown as they are.</li>
 * <li>The source is released exactly once: at the end, on a failure, or on cancellation.</li>
 * </ul>
 * One thread reads at a time; {@link #close()} is idempotent and may be called from any thread.
 */
public final class GenerationDriver implements GenerationStream {

    private enum Cancel {
        CLOSED,
        TIMEOUT
    }

    private final GenerationSource source;
    private final GenerationClock clock;
    private final GenerationTally tally;

    private final Object lock = new Object();
    private Cancel cancel;
    private boolean reading;
    private boolean aborted;
    private boolean released;
    /** The last chunk or the error that ends the stream was handed out. */
    private boolean ended;

    private ScheduledFuture<?> deadline;

    /**
     * @param source        the backend's generation
     * @param startNanos    {@link System#nanoTime()} when the generation was requested
     * @param timeoutMillis the overall deadline from the start; 0 or less means none
     * @param maxTokens     the token limit of the request (-1 for none): an end without a finish reason whose output
     *                      reached it finished by {@code length}
     */
    public GenerationDriver(GenerationSource source, long startNanos, long timeoutMillis, int maxTokens) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = new GenerationClock(startNanos, timeoutMillis);
        this.tally = new GenerationTally(clock, maxTokens);
    }

    /**
     * Schedules the deadline on {@code timer}: when it passes, the generation is cancelled even if nobody reads it.
     * Does nothing without a timeout, or once the generation has ended.
     */
    public void enforceDeadline(ScheduledExecutorService timer) {
        if (!clock.limited()) {
            return;
        }
        synchronized (lock) {
            if (ended || cancel != null || deadline != null) {
                return;
            }
            long delay = clock.remainingNanos(System.nanoTime());
            deadline = timer.schedule(() -> cancel(Cancel.TIMEOUT), delay, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * For a backend that starts generating when the server answers: fails with an
     * {@link io.github.camelllm.spi.LlmTimeoutException}, after releasing the source, when the deadline passed before
     * that.
     */
    public void requireTimeLeftAtStart() {
        if (!clock.passed(System.nanoTime())) {
            return;
        }
        synchronized (lock) {
            cancel = Cancel.TIMEOUT;
            ended = true;
            releaseOnce();
        }
        throw source.label().timeout(clock.timeoutMillis(), "before the server started answering");
    }

    /** What the source knows of the prompt tokens before the end: see {@link GenerationSource#inputTokens()}. */
    @Override
    public int inputTokens() {
        return source.inputTokens();
    }

    /** True until the last chunk or the error that ends the stream was returned, or the stream was closed. */
    @Override
    public boolean hasNext() {
        synchronized (lock) {
            return !ended && cancel != Cancel.CLOSED;
        }
    }

    @Override
    public LlmChunk next() {
        while (true) {
            int delivered;
            synchronized (lock) {
                noteDeadline(System.nanoTime());
                if (cancel != null) {
                    throw endCancelled(true);
                }
                if (ended) {
                    throw new NoSuchElementException("the generation has ended");
                }
                reading = true;
                delivered = tally.units();
            }
            GenerationPiece piece;
            try {
                piece = Objects.requireNonNull(source.read(delivered), "the generation source read nothing");
            } catch (RuntimeException e) {
                LlmException cancelled = endAfterFailure();
                throw cancelled != null ? cancelled : e;
            } catch (Error e) {
                endAfterFailure();
                throw e;
            }
            long now = System.nanoTime();
            synchronized (lock) {
                reading = false;
                noteDeadline(now);
                if (cancel != null) {
                    throw endCancelled(!(piece instanceof GenerationPiece.End));
                }
                if (piece instanceof GenerationPiece.End end) {
                    ended = true;
                    releaseOnce();
                    return tally.last(end, now);
                }
                LlmChunk chunk = tally.delta(((GenerationPiece.Delta) piece).text(), now);
                if (chunk != null) {
                    return chunk;
                }
            }
        }
    }

    /** Cancels the generation if it is still running and releases its resources; idempotent, from any thread. */
    @Override
    public void close() {
        cancel(Cancel.CLOSED);
    }

    private void cancel(Cancel reason) {
        synchronized (lock) {
            if (ended || cancel != null) {
                return;
            }
            cancel = reason;
            if (reading && !source.abortableWhileReading()) {
                return; // the reading thread aborts as soon as its read returns
            }
            abortOnce();
            if (!reading) {
                releaseOnce();
            }
        }
    }

    /** With the lock held: a deadline passed between two timer ticks counts as a timeout. */
    private void noteDeadline(long now) {
        if (cancel == null && !ended && clock.passed(now)) {
            cancel = Cancel.TIMEOUT;
        }
    }

    /** With the lock held and nobody reading: ends a cancelled stream, aborting the source if it still runs. */
    private LlmException endCancelled(boolean sourceRunning) {
        if (sourceRunning) {
            abortOnce();
        }
        ended = true;
        releaseOnce();
        return cancelledError();
    }

    /** After a failed read: ends the stream; returns the cancellation that explains the failure, or null. */
    private LlmException endAfterFailure() {
        synchronized (lock) {
            reading = false;
            ended = true;
            releaseOnce();
            return cancel != null ? cancelledError() : null;
        }
    }

    private LlmException cancelledError() {
        GenerationLabel label = source.label();
        return cancel == Cancel.TIMEOUT
                ? label.timeoutAfter(clock.timeoutMillis(), tally.units())
                : label.cancelledAfter(tally.units());
    }

    /** With the lock held. */
    private void abortOnce() {
        if (aborted || released) {
            return;
        }
        aborted = true;
        source.abort();
    }

    /** With the lock held. */
    private void releaseOnce() {
        if (released) {
            return;
        }
        released = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        source.release();
    }
}
