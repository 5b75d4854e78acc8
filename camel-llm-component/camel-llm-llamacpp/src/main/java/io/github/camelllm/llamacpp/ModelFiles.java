package io.github.camelllm.llamacpp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.camelllm.component.LlmConfiguration;
import io.github.camelllm.component.LlmModelException;
import io.github.camelllm.gguf.GgufFile;
import io.github.camelllm.gguf.GgufFormatException;
import io.github.camelllm.gguf.GgufModelInfo;
import io.github.camelllm.models.ModelResolver;
import io.github.camelllm.models.bundled.BundledModel;
import io.github.camelllm.spi.LocalModelLocator;

/** Finds the model file and checks it in Java before llama.cpp opens it (a bad file can abort the JVM natively). */
final class ModelFiles {

    private static final Logger LOG = LoggerFactory.getLogger(ModelFiles.class);
    private static final AtomicBoolean DEMO_NOTICE = new AtomicBoolean();

    private ModelFiles() {
    }

    /**
     * The model file: the model option (catalog name, file name or path) and modelPath, searched in the documented
     * order (modelPath, CAMEL_LLM_MODEL_PATH, $APPDIR/usr/share/models, the models directory), pulled first when
     * pullStrategy says so, or the bundled demo model when nothing was asked for.
     */
    static Path resolve(LlmConfiguration configuration) {
        ModelResolver.Resolution r = LocalModelLocator.locate(configuration, BundledModel::path);
        LOG.debug("model resolved to {} ({}); tried: {}", r.path(), r.source(), String.join("; ", r.tried()));
        if (r.source() == ModelResolver.Source.BUNDLED && DEMO_NOTICE.compareAndSet(false, true)) {
            LOG.warn("No model configured: using the bundled demo model stories260K (260K parameters, trained on TinyStories,"
                    + " MIT). It only writes short children's stories. Point the llm component at a real GGUF model with"
                    + " model (a catalog name such as qwen2.5-1.5b, see `camel-llm model available`) or modelPath, e.g."
                    + " camel.component.llm.model-path=/models/qwen2.5-1.5b-instruct-q4_k_m.gguf");
        }
        return r.path().toAbsolutePath().normalize();
    }

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
            throw new LlmModelException("model file " + path + " holds only a vocabulary (0 tensors): it has no weights to run");
        }
        return info;
    }

    /** Model name for headers and logs: the file name without .gguf. */
    static String displayName(Path path) {
        String name = path.getFileName().toString();
        return name.endsWith(".gguf") ? name.substring(0, name.length() - 5) : name;
    }
}
