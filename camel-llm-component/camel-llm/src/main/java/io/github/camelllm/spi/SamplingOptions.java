package io.github.camelllm.spi;

import java.util.List;

/**
 * Per-request generation settings, already merged (header over endpoint over component) and validated.
 *
 * @param maxTokens     tokens to generate at most; -1 means until end of text or the context is full
 * @param temperature   0 is greedy
 * @param seed          null for a random seed
 * @param stop          stop strings, never null
 * @param jsonSchema    JSON schema constraining the output, or null
 * @param grammar       GBNF grammar constraining the output, or null
 */
public record SamplingOptions(
        int maxTokens,
        float temperature,
        float topP,
        int topK,
        float minP,
        float repeatPenalty,
        Integer seed,
        List<String> stop,
        String jsonSchema,
        String grammar) {

    public SamplingOptions {
        stop = stop == null ? List.of() : List.copyOf(stop);
    }
}
