package io.github.camelllm.component;

import java.io.Closeable;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.camelllm.spi.GenerationStream;
import io.github.camelllm.spi.LlmCancelledException;
import io.github.camelllm.spi.LlmChunk;

/**
 * The body produced by llm:stream. The generation is cancelled, and its slot freed, when the iterator is closed
 * before the last chunk (Camel's splitter closes it when it stops; the producer also closes it when the exchange
 * completes), and as soon as the exchange it belongs to has failed or was stopped: Camel's splitter reads the rest of
 * its input after a {@code stopOnException}, and this iterator then reports its end instead of generating more.
 */
public final class LlmChunkIterator implements Iterator<LlmChunk>, Closeable {

    private final GenerationStream stream;
    private final Exchange exchange;
    private final String jsonSchema;
    private final ObjectMapper mapper;
    private final StringBuilder text = new StringBuilder();
    private final boolean keepText;
    private volatile boolean cancelled;
    private volatile boolean complete;
    /** Told once, when the last chunk was read, reading failed or the iterator was closed before the end. */
    private final Outcome outcome;

    private final AtomicBoolean reported = new AtomicBoolean();

    /**
     * Receives the end of the generation: the last chunk (or null), the failure's type (null on success) and, when it
     * asked for it, the text generated so far (else null).
     */
    interface Outcome {
        void ended(LlmChunk last, String errorType, String text);

        /** Whether {@link #ended} needs the generated text. */
        default boolean wantsText() {
            return false;
        }
    }

    LlmChunkIterator(GenerationStream stream, Exchange exchange, String jsonSchema, ObjectMapper mapper) {
        this(stream, exchange, jsonSchema, mapper, null);
    }

    LlmChunkIterator(
            GenerationStream stream, Exchange exchange, String jsonSchema, ObjectMapper mapper, Outcome outcome) {
        this.outcome = outcome;
        this.stream = stream;
        this.exchange = exchange;
        this.jsonSchema = jsonSchema;
        this.mapper = mapper;
        this.keepText = jsonSchema != null || (outcome != null && outcome.wantsText());
    }

    @Override
    public boolean hasNext() {
        if (exchangeGaveUp()) {
            close();
            return false;
        }
        return stream.hasNext();
    }

    @Override
    public LlmChunk next() {
        if (!hasNext()) {
            throw new NoSuchElementException(cancelled ? "the generation was cancelled" : "the generation has ended");
        }
        LlmChunk chunk;
        try {
            chunk = stream.next();
        } catch (RuntimeException | Error e) {
            report(null, LlmObservers.errorType(e));
            throw e;
        }
        if (chunk.isLast()) {
            complete = true;
        }
        if (keepText) {
            text.append(chunk.getText());
        }
        if (jsonSchema != null) {
            if (chunk.isLast()) {
                try {
                    OutputValidator.check(jsonSchema, text.toString(), chunk, mapper);
                } catch (RuntimeException e) {
                    report(chunk, LlmObservers.errorType(e));
                    throw e;
                }
            }
        }
        if (chunk.isLast()) {
            report(chunk, null);
        }
        return chunk;
    }

    private void report(LlmChunk last, String errorType) {
        if (outcome != null && reported.compareAndSet(false, true)) {
            outcome.ended(last, errorType, outcome.wantsText() ? text.toString() : null);
        }
    }

    private boolean exchangeGaveUp() {
        return exchange != null
                && (exchange.getException() != null || exchange.isRouteStop() || exchange.isRollbackOnly());
    }

    /** Cancels the generation if it is still running; idempotent. */
    @Override
    public void close() {
        if (!complete && !cancelled) {
            cancelled = true;
        }
        stream.close();
        if (!complete) {
            Throwable failure = exchange == null ? null : exchange.getException();
            report(null, failure != null ? LlmObservers.errorType(failure) : LlmCancelledException.class.getName());
        }
    }

    /** True when the stream was closed before its last chunk, which cancelled the generation. */
    public boolean isCancelled() {
        return cancelled;
    }
}
