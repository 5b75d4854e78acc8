package io.github.camelllm.support;

import java.util.concurrent.TimeUnit;

/**
 * The time line of one generation: when it was requested and its overall {@code timeout}.
 *
 * @param startNanos    {@link System#nanoTime()} when the generation was requested
 * @param timeoutMillis the overall deadline from the start; 0 or less means none
 */
record GenerationClock(long startNanos, long timeoutMillis) {

    /** Whether the generation has a deadline. */
    boolean limited() {
        return timeoutMillis > 0;
    }

    /** Whether the deadline has passed at {@code now}. */
    boolean passed(long now) {
        return limited() && now - startNanos > TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /** Nanoseconds left at {@code now} before the deadline, at least 0. */
    long remainingNanos(long now) {
        return Math.max(0, TimeUnit.MILLISECONDS.toNanos(timeoutMillis) - (now - startNanos));
    }

    /** Milliseconds from the start to {@code nanos}. */
    long millisTo(long nanos) {
        return (nanos - startNanos) / 1_000_000;
    }
}
