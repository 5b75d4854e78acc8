package io.github.camelllm.llamacpp;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import io.github.camelllm.gguf.GgufFile;
import io.github.camelllm.models.bundled.BundledModel;

/** The real model files the tests run on. */
final class TestModels {

    /** Greedy 32-token continuation of "Once upon a time" by stories260K (also what llama.cpp's llama-simple prints). */
    static final String ONCE_UPON_A_TIME_32 =
            ", there was a little girl named Lily. She loved to play outside in the park. One day, she saw";

    private TestModels() {}

    static Path stories() {
        return BundledModel.path();
    }

    /** The vocab-only Phi-3 GGUF from llama.cpp, copied to a temp file. */
    static Path phi3Vocab() throws Exception {
        Path target = Files.createTempFile("ggml-vocab-phi-3", ".gguf");
        target.toFile().deleteOnExit();
        try (InputStream in = TestModels.class.getResourceAsStream("/models/ggml-vocab-phi-3.gguf")) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /** The real Phi-3 chat template, read from the GGUF metadata (tokenizer.chat_template). */
    static String phi3Template() throws Exception {
        return GgufFile.read(phi3Vocab()).getString("tokenizer.chat_template").orElseThrow();
    }

    static String yamlQuoted(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
