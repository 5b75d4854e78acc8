package io.github.camelllm.support;

import io.github.camelllm.spi.LlmChunk;

/**
 * The counters of one generation (chunk index, pieces of output, time of the first one) and the chunks built from
 * them. Not thread-safe: the {@link GenerationDriver} uses it under its lock.
 */
final class GenerationTally {

    private final GenerationClock clock;
    private final int maxTokens;
    private int index;
    private int units;
    private boolean anyUnit;
    private long firstUnitNanos;

    /** @param maxTokens the token limit of the request (-1 for none), which tells length from stop */
    GenerationTally(GenerationClock clock, int maxTokens) {
        this.clock = clock;
        this.maxTokens = maxTokens;
    }

    /** Pieces of output counted so far. */
    int units() {
        return units;
    }

    /** Counts a piece of output read at {@code now}; returns its chunk, or null when its text is empty. */
    LlmChunk delta(String text, long now) {
        count(now);
        return text.isEmpty() ? null : LlmChunk.delta(text, index++);
    }

    /** The last chunk, read at {@code now}: the end's text, usage and finish reason, and the timings. */
    LlmChunk last(GenerationPiece.End end, long now) {
        if (end.textIsOutput() && !end.text().isEmpty()) {
            count(now);
        }
        int output = end.outputTokens() != null ? end.outputTokens() : units;
        String reason = end.finishReason() != null
                ? end.finishReason()
                : maxTokens > 0 && output >= maxTokens ? "length" : "stop";
        Long ttft = anyUnit ? clock.millisTo(firstUnitNanos) : null;
        return new LlmChunk(end.text(), index++, true, reason, end.inputTokens(), output, ttft, clock.millisTo(now));
    }

    private void count(long now) {
        units++;
        if (!anyUnit) {
            anyUnit = true;
            firstUnitNanos = now;
        }
    }
}
