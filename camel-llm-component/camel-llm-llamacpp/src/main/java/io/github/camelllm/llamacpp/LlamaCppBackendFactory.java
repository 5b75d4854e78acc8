package io.github.camelllm.llamacpp;

import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.camelllm.component.LlmConfiguration;
import io.github.camelllm.component.LlmInvalidRequestException;
import io.github.camelllm.component.LlmModelException;
import io.github.camelllm.component.LlmOperation;
import io.github.camelllm.gguf.GgufModelInfo;
import io.github.camelllm.spi.LlmBackend;
import io.github.camelllm.spi.LlmBackendFactory;

/** backend=local: runs GGUF models in this JVM with llama.cpp. */
public class LlamaCppBackendFactory implements LlmBackendFactory {

    private static final Logger LOG = LoggerFactory.getLogger(LlamaCppBackendFactory.class);

    @Override
    public LlmBackend create(CamelContext context, LlmConfiguration configuration, LlmOperation operation) {
        checkLoadOptions(configuration);
        Path path = ModelFiles.resolve(configuration);
        GgufModelInfo info = ModelFiles.inspect(path);
        int contextPerSlot = contextSize(configuration, info, path);
        boolean embedding = operation == LlmOperation.embed;
        if (!embedding && info.isEmbeddingModel() && !CausalArchitectures.isCausal(info.architecture())) {
            throw new LlmModelException("model " + path.getFileName() + " is an embedding model (" + info.architecture()
                    + ", from its GGUF metadata): it cannot generate text; use it with llm:embed");
        }
        if (embedding && !info.isEmbeddingModel()) {
            LOG.info("Model {} is a text-generation model ({}); llm:embed uses its last-token state (LAST pooling)."
                    + " A dedicated embedding model (e.g. nomic-embed-text, bge-small-en) gives better vectors.",
                    path.getFileName(), info.architecture());
        }
        ModelKey key = new ModelKey(path, contextPerSlot, configuration.getParallel(), configuration.getThreads(),
                configuration.getGpuLayers(), embedding);
        String displayName = ModelFiles.displayName(path);
        MemoryEstimate.check(info, key, displayName);
        SharedModel model = ModelRegistry.acquire(key, () -> SharedModel.load(key, info, displayName));
        return new LlamaCppBackend(model);
    }

    static int contextSize(LlmConfiguration configuration, GgufModelInfo info, Path path) {
        long trained = info.contextLength().orElse(2048);
        if (configuration.getContextSize() != null) {
            int requested = configuration.getContextSize();
            if (requested > trained) {
                LOG.warn("contextSize {} is larger than the {} tokens model {} was trained on; output quality may drop",
                        requested, trained, path.getFileName());
            }
            return requested;
        }
        return (int) Math.min(trained, configuration.getMaxContextSize());
    }

    static void checkLoadOptions(LlmConfiguration c) {
        if (c.getContextSize() != null && (c.getContextSize() < 16 || c.getContextSize() > 1_048_576)) {
            throw new LlmInvalidRequestException("option contextSize=" + c.getContextSize() + " is out of range: must be between 16 and 1048576");
        }
        if (c.getMaxContextSize() < 16 || c.getMaxContextSize() > 1_048_576) {
            throw new LlmInvalidRequestException("option maxContextSize=" + c.getMaxContextSize() + " is out of range: must be between 16 and 1048576");
        }
        if (c.getParallel() < 1 || c.getParallel() > 64) {
            throw new LlmInvalidRequestException("option parallel=" + c.getParallel() + " is out of range: must be between 1 and 64");
        }
        if (c.getThreads() != null && (c.getThreads() < 1 || c.getThreads() > 1024)) {
            throw new LlmInvalidRequestException("option threads=" + c.getThreads() + " is out of range: must be between 1 and 1024 (unset: llama.cpp's default)");
        }
        if (c.getGpuLayers() < -1 || c.getGpuLayers() > 100_000) {
            throw new LlmInvalidRequestException("option gpuLayers=" + c.getGpuLayers() + " is out of range: must be -1 (all), 0 (CPU only) or a layer count");
        }
    }
}
