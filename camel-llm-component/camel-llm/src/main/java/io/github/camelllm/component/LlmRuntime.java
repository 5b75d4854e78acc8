package io.github.camelllm.component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.camelllm.spi.LlmBackendContext;

/**
 * What one {@link LlmComponent} holds for its backends while it runs: the timer thread, the health-probe threads and
 * the shared resources (loaded models, HTTP clients). Threads come from the CamelContext's ExecutorServiceManager;
 * {@link #stop()} closes every resource still leased and shuts the threads down, so nothing of the component outlives
 * its CamelContext.
 */
public final class LlmRuntime extends ServiceSupport implements LlmBackendContext {

    private static final Logger LOG = LoggerFactory.getLogger(LlmRuntime.class);

    private final CamelContext camelContext;
    private final Map<Object, Shared> resources = new HashMap<>();
    private final HealthProbes healthProbes = new HealthProbes(this);
    private volatile ScheduledExecutorService scheduler;
    private volatile ExecutorService probeThreads;

    LlmRuntime(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    protected void doStart() {
        ScheduledExecutorService timer =
                camelContext.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "llm-timer");
        if (timer instanceof ScheduledThreadPoolExecutor pool) {
            pool.setRemoveOnCancelPolicy(true); // finished generations do not linger in the queue until their deadline
        }
        scheduler = timer;
        probeThreads = camelContext.getExecutorServiceManager().newCachedThreadPool(this, "llm-health-probe");
    }

    @Override
    protected void doStop() {
        List<Shared> left;
        synchronized (resources) {
            left = new ArrayList<>(resources.values());
            resources.clear();
        }
        for (Shared s : left) {
            s.closeResource();
        }
        healthProbes.clear();
        if (probeThreads != null) {
            camelContext.getExecutorServiceManager().shutdownNow(probeThreads);
            probeThreads = null;
        }
        if (scheduler != null) {
            camelContext.getExecutorServiceManager().shutdownNow(scheduler);
            scheduler = null;
        }
    }

    @Override
    public ScheduledExecutorService scheduler() {
        ScheduledExecutorService s = scheduler;
        if (s == null) {
            throw new IllegalStateException("the llm component is not started");
        }
        return s;
    }

    /** The threads health probes run on. */
    ExecutorService probeThreads() {
        ExecutorService s = probeThreads;
        if (s == null) {
            throw new IllegalStateException("the llm component is not started");
        }
        return s;
    }

    HealthProbes healthProbes() {
        return healthProbes;
    }

    @Override
    public <T extends AutoCloseable> Lease<T> acquire(Object key, Supplier<T> create) {
        Shared shared;
        synchronized (resources) {
            if (!isStarted() && !isStarting()) {
                throw new IllegalStateException("the llm component is not started");
            }
            shared = resources.computeIfAbsent(key, k -> new Shared(k));
            shared.users++;
        }
        try {
            shared.initialise(create);
        } catch (RuntimeException | Error e) {
            release(shared);
            throw e;
        }
        return new SharedLease<>(shared);
    }

    /** Number of shared resources alive (for tests and diagnostics). */
    public int sharedCount() {
        synchronized (resources) {
            return resources.size();
        }
    }

    /** Number of shared resources of a type alive (for tests and diagnostics). */
    public long sharedCount(Class<?> type) {
        synchronized (resources) {
            return resources.values().stream()
                    .filter(s -> type.isInstance(s.value))
                    .count();
        }
    }

    private void release(Shared shared) {
        boolean last;
        synchronized (resources) {
            last = --shared.users == 0 && resources.get(shared.key) == shared;
            if (last) {
                resources.remove(shared.key);
            }
        }
        if (last) {
            shared.closeResource();
        }
    }

    /** One shared resource: created once by the first user (the others wait for it), closed once. */
    private static final class Shared {
        final Object key;
        int users;
        private AutoCloseable value;
        private RuntimeException failure;
        private boolean closed;

        Shared(Object key) {
            this.key = key;
        }

        synchronized void initialise(Supplier<? extends AutoCloseable> create) {
            if (value != null) {
                return;
            }
            if (failure != null) {
                throw failure;
            }
            try {
                value = create.get();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }

        synchronized Object value() {
            return value;
        }

        void closeResource() {
            AutoCloseable v;
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                v = value;
            }
            if (v != null) {
                try {
                    v.close();
                } catch (Exception e) {
                    LOG.warn("Closing {} failed: {}", v, e.getMessage(), e);
                }
            }
        }
    }

    private final class SharedLease<T> implements Lease<T> {
        private final Shared shared;
        private boolean closed;

        SharedLease(Shared shared) {
            this.shared = shared;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T get() {
            return (T) shared.value();
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            release(shared);
        }
    }
}
