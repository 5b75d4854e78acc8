package io.github.camelllm.support;

/**
 * What a backend supplies to a {@link GenerationDriver}: its generation read piece by piece, a way to stop it, and
 * its resources to free. The driver decides when each method is called:
 * <ul>
 * <li>{@link #read} by one thread at a time, never after {@link #release()};</li>
 * <li>{@link #abort()} at most once, only while the generation still runs, and never while another thread is in
 * {@link #read} unless {@link #abortableWhileReading()};</li>
 * <li>{@link #release()} exactly once, never while another thread is in {@link #read};</li>
 * <li>{@link #abort()} and {@link #release()} never at the same time.</li>
 * </ul>
 */
public interface GenerationSource {

    /**
     * Blocks until the next piece of the generation. A failure is thrown as an
     * {@link io.github.camelllm.spi.LlmException}: the source turns its own I/O errors into one, and tells a stall from a
     * broken stream; the driver reports the cancellation or timeout instead when one was requested before the failure.
     *
     * @param delivered the deltas read so far, for error messages
     */
    GenerationPiece read(int delivered);

    /**
     * Stops the running generation: closes the stream, which wakes a thread blocked in {@link #read}, or cancels the
     * native task.
     */
    void abort();

    /**
     * Whether {@link #abort()} may be called while another thread is blocked in {@link #read}. When false, a
     * cancellation requested during a read is deferred: the reading thread aborts as soon as its read returns.
     */
    default boolean abortableWhileReading() {
        return true;
    }

    /** Frees what the generation holds (its stream, its slot, its place in the backend's list of running ones). */
    void release();

    /** How the generation is named in errors; asked when an error is built, so it may change as the stream goes on. */
    GenerationLabel label();

    /** Prompt tokens when known before the end, else -1: see {@link io.github.camelllm.spi.GenerationStream#inputTokens()}. */
    default int inputTokens() {
        return -1;
    }
}
