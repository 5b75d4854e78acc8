package io.github.camelllm.spi;

import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * What the component lends its backends: a timer and a place to share heavy resources (loaded models, HTTP clients).
 * Everything here belongs to one component (one CamelContext) and is released when it stops: backends keep no
 * JVM-wide state of their own.
 */
public interface LlmBackendContext {

    /**
     * The component's timer for short tasks that must not block (generation deadlines, stalled-stream checks). Its
     * threads are daemon threads of the CamelContext; cancelled tasks leave the queue at once.
     */
    ScheduledExecutorService scheduler();

    /**
     * A resource shared by every backend of this component that asks with an equal {@code key}, created by
     * {@code create} on the first request. Each call returns a new lease; the resource is closed when the last lease
     * is closed, or when the component stops, whichever comes first.
     *
     * @param key    identifies the resource; keys of different kinds must not be equal (use a record of the settings)
     * @param create called at most once per live resource, on the calling thread, without any lock held by others
     *               waiting for a different key
     */
    <T extends AutoCloseable> Lease<T> acquire(Object key, Supplier<T> create);

    /** A hold on a shared resource. */
    interface Lease<T> extends AutoCloseable {

        T get();

        /** Gives the hold back; idempotent. The last one closes the resource. */
        @Override
        void close();
    }
}
