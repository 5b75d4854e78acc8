package io.github.camelllm.llamacpp;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** One daemon thread that cancels generations running past their timeout. */
final class Watchdog {

    private static final ScheduledThreadPoolExecutor SCHEDULER = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "camel-llm-watchdog");
        t.setDaemon(true);
        return t;
    });

    static {
        // finished generations cancel their task: drop it from the queue instead of keeping it for the whole timeout
        SCHEDULER.setRemoveOnCancelPolicy(true);
    }

    private Watchdog() {
    }

    static ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return SCHEDULER.schedule(task, delay, unit);
    }
}
