package io.github.camelllm.spi;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one daemon timer thread of camel-llm: generation deadlines and stalled-stream checks of every backend run
 * here. Cancelled tasks leave the queue at once, so finished generations do not linger until their timeout.
 */
public final class LlmTimers {

    private static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "camel-llm-timer");
        t.setDaemon(true);
        return t;
    });

    static {
        TIMER.setRemoveOnCancelPolicy(true);
    }

    private LlmTimers() {
    }

    /** Runs {@code task} once after {@code delay}; the task must be short and must not block. */
    public static ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return TIMER.schedule(task, delay, unit);
    }

    /** Runs {@code task} every {@code period}; the task must be short and must not block. */
    public static ScheduledFuture<?> scheduleAtFixedRate(Runnable task, long period, TimeUnit unit) {
        return TIMER.scheduleAtFixedRate(task, period, period, unit);
    }
}
