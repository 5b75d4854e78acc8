package io.github.camelllm.spi;

import java.util.Iterator;

/**
 * A running generation, read chunk by chunk. The last chunk carries usage, finish reason and timings.
 * {@link #close()} before the last chunk cancels the generation and frees its slot; it is idempotent and may be
 * called from any thread.
 */
public interface GenerationStream extends Iterator<LlmChunk>, AutoCloseable {

    /**
     * Number of prompt tokens when known before the first chunk (local backend), or -1 when the backend only learns it
     * at the end (remote servers report usage on their last event); the last chunk always carries it.
     */
    int inputTokens();

    /** Cancels the generation if it is still running and releases its resources. */
    @Override
    void close();
}
