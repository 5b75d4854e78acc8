package io.github.camelllm.llamacpp;

import java.util.Set;

/** GGUF architectures that are encoders (bidirectional); every other architecture is treated as causal. */
final class CausalArchitectures {

    private static final Set<String> ENCODERS = Set.of(
            "bert",
            "nomic-bert",
            "nomic-bert-moe",
            "jina-bert-v2",
            "t5encoder",
            "roberta",
            "xlm-roberta",
            "modern-bert",
            "neo-bert");

    private CausalArchitectures() {}

    static boolean isCausal(String architecture) {
        return architecture == null || !ENCODERS.contains(architecture);
    }
}
