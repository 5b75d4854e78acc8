package io.github.camelllm.spi;

/**
 * One piece of a streamed generation: the body of each exchange of a streaming split over
 * {@code llm:stream}. The last chunk ({@link #isLast()}) carries the usage, the finish reason and timings;
 * on the other chunks those are null.
 */
public final class LlmChunk {

    private final String text;
    private final int index;
    private final boolean last;
    private final String finishReason;
    private final Integer inputTokens;
    private final Integer outputTokens;
    private final Long timeToFirstTokenMs;
    private final Long generationMs;

    public LlmChunk(
            String text,
            int index,
            boolean last,
            String finishReason,
            Integer inputTokens,
            Integer outputTokens,
            Long timeToFirstTokenMs,
            Long generationMs) {
        this.text = text == null ? "" : text;
        this.index = index;
        this.last = last;
        this.finishReason = finishReason;
        this.inputTokens = inputTokens;
        this.outputTokens = outputTokens;
        this.timeToFirstTokenMs = timeToFirstTokenMs;
        this.generationMs = generationMs;
    }

    /** A chunk in the middle of the stream. */
    public static LlmChunk delta(String text, int index) {
        return new LlmChunk(text, index, false, null, null, null, null, null);
    }

    /** The text delta of this chunk (may be empty on the last chunk). */
    public String getText() {
        return text;
    }

    /** Position of the chunk in the stream, from 0. */
    public int getIndex() {
        return index;
    }

    /** Whether this is the last chunk of the stream. */
    public boolean isLast() {
        return last;
    }

    /** On the last chunk: why generation stopped ({@code stop}, {@code length}); otherwise null. */
    public String getFinishReason() {
        return finishReason;
    }

    /** On the last chunk: prompt tokens; otherwise null. */
    public Integer getInputTokens() {
        return inputTokens;
    }

    /** On the last chunk: generated tokens; otherwise null. */
    public Integer getOutputTokens() {
        return outputTokens;
    }

    /** On the last chunk: milliseconds from the request to the first generated token; otherwise null. */
    public Long getTimeToFirstTokenMs() {
        return timeToFirstTokenMs;
    }

    /** On the last chunk: milliseconds from the request to the end of generation; otherwise null. */
    public Long getGenerationMs() {
        return generationMs;
    }

    /** On the last chunk: output tokens per second of decoding (after the first token); otherwise null. */
    public Double getTokensPerSecond() {
        return tokensPerSecond(outputTokens, timeToFirstTokenMs, generationMs);
    }

    @Override
    public String toString() {
        return text;
    }

    /**
     * Decoding speed: output tokens after the first per second of the time after the first token (the whole time when
     * the first token's time is unknown or there is one token); null when it cannot be told.
     */
    public static Double tokensPerSecond(Integer outputTokens, Long ttftMs, Long generationMs) {
        if (outputTokens == null || generationMs == null || outputTokens <= 0) {
            return null;
        }
        long decodeMs = ttftMs == null ? generationMs : generationMs - ttftMs;
        if (outputTokens > 1 && decodeMs > 0) {
            return (outputTokens - 1) * 1000.0 / decodeMs;
        }
        return generationMs > 0 ? outputTokens * 1000.0 / generationMs : null;
    }
}
