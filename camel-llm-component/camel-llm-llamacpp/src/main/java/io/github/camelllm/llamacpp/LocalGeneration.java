package io.github.camelllm.llamacpp;

import java.util.concurrent.ScheduledExecutorService;

import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaOutput;

import io.github.camelllm.spi.GenerationStream;
import io.github.camelllm.spi.LlmChunk;
import io.github.camelllm.spi.LlmException;
import io.github.camelllm.support.GenerationDriver;
import io.github.camelllm.support.GenerationLabel;
import io.github.camelllm.support.GenerationPiece;
import io.github.camelllm.support.GenerationSource;

/**
 * A generation running in one slot of a {@link SharedModel}: the native task of a {@link LlamaIterator}, read
 * token by token through a {@link GenerationDriver}.
 * <p>
 * The binding's cancel must not race a thread blocked in {@code receiveCompletion} for the same task: llama.cpp sends
 * nothing more for a cancelled task, so that thread would wait forever. Cancellation is therefore only done by a
 * thread that is not receiving: a cancel requested while another thread receives is carried out by that thread as
 * soon as its token arrives (the source is not {@linkplain GenerationSource#abortableWhileReading() abortable while
 * reading}).
 */
final class LocalGeneration implements GenerationStream {

    private final SharedModel model;
    private final LlamaIterator iterator;
    private final GenerationDriver driver;
    private volatile int inputTokens;

    LocalGeneration(
            SharedModel model,
            LlamaIterator iterator,
            int tokenLimit,
            long startNanos,
            long timeoutMillis,
            boolean detached,
            ScheduledExecutorService timer) {
        this.model = model;
        this.iterator = iterator;
        this.driver = new GenerationDriver(new NativeTask(), startNanos, timeoutMillis, tokenLimit);
        model.register(this);
        // a caller that reads to the end is checked at every token; a detached stream may be abandoned, so a
        // watchdog enforces its timeout even when nobody reads
        if (detached) {
            driver.enforceDeadline(timer);
        }
    }

    void setInputTokens(int inputTokens) {
        this.inputTokens = inputTokens;
    }

    @Override
    public int inputTokens() {
        return inputTokens;
    }

    @Override
    public boolean hasNext() {
        return driver.hasNext();
    }

    @Override
    public LlmChunk next() {
        return driver.next();
    }

    /** Cancels the generation if it is still running; safe from any thread, idempotent. */
    @Override
    public void close() {
        driver.close();
    }

    /** The native task: each token is a delta (empty while llama.cpp holds text back), the stop output the end. */
    private final class NativeTask implements GenerationSource {

        @Override
        public GenerationPiece read(int tokens) {
            LlamaOutput output;
            boolean more;
            try {
                output = iterator.next();
                more = iterator.hasNext();
            } catch (RuntimeException e) {
                throw new LlmException(
                        "llama.cpp failed during generation with model " + model.displayName + ": "
                                + NativeErrors.message(e),
                        e);
            }
            // the finish reason follows from the token limit; the stop output's text was held back from counted tokens
            return more
                    ? GenerationPiece.delta(output.text)
                    : GenerationPiece.end(null, inputTokens, null).withHeldBackText(output.text);
        }

        @Override
        public void abort() {
            iterator.cancel();
        }

        @Override
        public boolean abortableWhileReading() {
            return false;
        }

        @Override
        public void release() {
            model.unregister(LocalGeneration.this);
            model.releaseSlot();
        }

        @Override
        public GenerationLabel label() {
            return new GenerationLabel(model.displayName, null, "tokens");
        }

        @Override
        public int inputTokens() {
            return inputTokens;
        }
    }
}
