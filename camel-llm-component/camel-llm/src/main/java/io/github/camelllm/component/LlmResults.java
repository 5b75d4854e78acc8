package io.github.camelllm.component;

final class LlmResults {

    private LlmResults() {
    }

    /**
     * Decoding speed: tokens after the first one over the time after the first one. With a single token
     * (or no measurable decode time) the whole generation time is used.
     */
    static Double tokensPerSecond(Integer outputTokens, Long ttftMs, Long generationMs) {
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
