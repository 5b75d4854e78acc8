package io.github.camelllm.llamacpp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.camelllm.gguf.GgufFile;
import io.github.camelllm.gguf.GgufFormatException;
import io.github.camelllm.gguf.GgufModelInfo;
import io.github.camelllm.spi.LlmModelException;

/** Checks the model file in Java before llama.cpp opens it (a bad file can abort the JVM natively). */
final class ModelFiles {

    private ModelFiles() {}

    /** Reads and checks the GGUF header and metadata; refuses anything llama.cpp cannot run. */
    static GgufModelInfo inspect(Path path) {
        if (!Files.exists(path)) {
            throw new LlmModelException("model file not found: " + path + " (option modelPath)");
        }
        if (!Files.isRegularFile(path)) {
            throw new LlmModelException("modelPath " + path + " is not a regular file");
        }
        if (!Files.isReadable(path)) {
            throw new LlmModelException("model file " + path + " is not readable by this process");
        }
        GgufModelInfo info;
        try {
            info = GgufModelInfo.of(GgufFile.read(path));
        } catch (GgufFormatException e) {
            throw new LlmModelException("model file " + path + " is not a usable GGUF file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new LlmModelException("cannot read model file " + path + ": " + e.getMessage(), e);
        }
        if (info.isVocabOnly()) {
            throw new LlmModelException(
                    "model file " + path + " holds only a vocabulary (0 tensors): it has no weights to run");
        }
        return info;
    }

    /** Model name for headers and logs: the file name without .gguf. */
    static String displayName(Path path) {
        String name = path.getFileName().toString();
        return name.endsWith(".gguf") ? name.substring(0, name.length() - 5) : name;
    }
}
