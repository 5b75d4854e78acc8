package io.github.camelllm.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelllm.spi.LlmException;

/**
 * A generation source fed by the test through a queue: {@link #read} blocks until the test delivers a piece or a
 * failure. An abortable source's {@link #abort()} wakes a blocked read with a failure, as closing a socket does; a
 * non-abortable one records whether it was aborted while a read was in progress (which would hang llama.cpp).
 */
final class QueueSource implements GenerationSource {

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final boolean abortable;
    private final String url;
    private final Semaphore readsEntered = new Semaphore(0);
    private volatile boolean inRead;

    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger aborts = new AtomicInteger();
    final AtomicInteger releases = new AtomicInteger();
    final AtomicBoolean abortedDuringRead = new AtomicBoolean();
    final AtomicBoolean readAfterRelease = new AtomicBoolean();
    volatile Thread abortedBy;
    volatile int inputTokens = -1;

    QueueSource(boolean abortable, String url) {
        this.abortable = abortable;
        this.url = url;
    }

    /** Makes the next reads return these pieces. */
    QueueSource deliver(GenerationPiece... pieces) {
        for (GenerationPiece piece : pieces) {
            queue.add(piece);
        }
        return this;
    }

    /** Makes the next read fail with {@code failure}. */
    void fail(RuntimeException failure) {
        queue.add(failure);
    }

    /** Waits until {@code count} more reads have started. */
    void awaitReads(int count) throws InterruptedException {
        assertTrue(readsEntered.tryAcquire(count, 10, TimeUnit.SECONDS), "the reader reached the source");
    }

    @Override
    public GenerationPiece read(int delivered) {
        if (releases.get() > 0) {
            readAfterRelease.set(true);
        }
        reads.incrementAndGet();
        inRead = true;
        readsEntered.release();
        try {
            Object next = queue.take();
            if (next instanceof RuntimeException failure) {
                throw failure;
            }
            return (GenerationPiece) next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmException("interrupted while reading", e);
        } finally {
            inRead = false;
        }
    }

    @Override
    public void abort() {
        aborts.incrementAndGet();
        abortedBy = Thread.currentThread();
        if (inRead && !abortable) {
            abortedDuringRead.set(true);
        }
        if (abortable) {
            queue.add(new LlmException("the stream was closed"));
        }
    }

    @Override
    public boolean abortableWhileReading() {
        return abortable;
    }

    @Override
    public void release() {
        releases.incrementAndGet();
    }

    @Override
    public GenerationLabel label() {
        return new GenerationLabel("tiny", url, "pieces");
    }

    @Override
    public int inputTokens() {
        return inputTokens;
    }
}
