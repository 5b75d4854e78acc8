package io.github.camelllm.remote;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a response stream that stays silent for longer than {@code requestTimeout}, so that a reader blocked on a
 * stalled server wakes up with an IOException instead of hanging. Readers call {@link #touch()} after each event and
 * {@link #stalled()} to tell a stall from another failure.
 */
public final class StallGuard implements Closeable {

    private final Closeable stream;
    private final long limitNanos;
    private final ScheduledFuture<?> task;
    private volatile long lastEvent = System.nanoTime();
    private volatile boolean stalled;

    /** @param timer the component's timer, which runs the check */
    public StallGuard(Closeable stream, Duration limit, ScheduledExecutorService timer) {
        this.stream = stream;
        this.limitNanos = limit.toNanos();
        long period = Math.max(10, Math.min(1000, limit.toMillis() / 4));
        this.task = timer.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    /** Records that an event arrived. */
    public void touch() {
        lastEvent = System.nanoTime();
    }

    /** Whether the guard closed the stream because it stalled. */
    public boolean stalled() {
        return stalled;
    }

    private void check() {
        if (System.nanoTime() - lastEvent > limitNanos) {
            stalled = true;
            task.cancel(false);
            try {
                stream.close();
            } catch (IOException ignored) {
                // the reader sees the failure
            }
        }
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
