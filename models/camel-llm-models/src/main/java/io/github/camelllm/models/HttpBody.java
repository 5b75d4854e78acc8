package io.github.camelllm.models;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A response whose body is pulled chunk by chunk, each wait bounded by an idle timeout, or discarded unread. The body
 * can be consumed ({@link #start()}) or discarded, once.
 */
final class HttpBody {

    private final HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
    private final Chunks chunks = new Chunks();

    /** @param response a response whose body is still unread */
    HttpBody(HttpResponse<Flow.Publisher<List<ByteBuffer>>> response) {
        this.response = response;
    }

    /** @return the HTTP status */
    int status() {
        return response.statusCode();
    }

    /** @return the URI that answered, after redirects */
    URI uri() {
        return response.uri();
    }

    /** @return the response headers */
    HttpHeaders headers() {
        return response.headers();
    }

    /** Starts receiving the body; then call {@link #next} until it returns null. */
    void start() {
        response.body().subscribe(chunks);
    }

    /**
     * Waits for the next chunk of the body; after using it, call {@link #requestMore()}.
     *
     * @param idle the longest wait
     * @return the buffers of the next chunk, or null at the end of the body
     * @throws InterruptedException when the thread is interrupted
     * @throws TimeoutException     when nothing arrived within {@code idle}
     * @throws ExecutionException   when the connection failed; the cause says why
     */
    List<ByteBuffer> next(Duration idle) throws InterruptedException, TimeoutException, ExecutionException {
        Object item = chunks.queue.poll(idle.toMillis(), TimeUnit.MILLISECONDS);
        if (item == null) {
            throw new TimeoutException("no data for " + idle);
        }
        if (item instanceof Throwable t) {
            throw new ExecutionException(t);
        }
        if (item == Chunks.END) {
            return null;
        }
        @SuppressWarnings("unchecked")
        List<ByteBuffer> buffers = (List<ByteBuffer>) item;
        return buffers;
    }

    /** Asks for the next chunk. */
    void requestMore() {
        Flow.Subscription s = chunks.subscription;
        if (s != null) {
            s.request(1);
        }
    }

    /** Stops receiving a started body; the connection is closed. */
    void cancel() {
        chunks.cancelled = true;
        Flow.Subscription s = chunks.subscription;
        if (s != null) {
            s.cancel();
        }
    }

    /** Drops a body that was not started. */
    void discard() {
        start();
        cancel();
    }

    /** Bridges the body publisher to a blocking queue, one chunk list at a time. */
    private static final class Chunks implements Flow.Subscriber<List<ByteBuffer>> {
        static final Object END = new Object();
        final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        volatile Flow.Subscription subscription;
        volatile boolean cancelled;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (cancelled) {
                s.cancel();
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            queue.add(item);
        }

        @Override
        public void onError(Throwable t) {
            queue.add(t);
        }

        @Override
        public void onComplete() {
            queue.add(END);
        }
    }
}
