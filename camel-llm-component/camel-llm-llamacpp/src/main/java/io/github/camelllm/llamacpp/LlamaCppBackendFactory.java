package io.github.camelllm.llamacpp;

import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.camelllm.gguf.GgufModelInfo;
import io.github.camelllm.models.bundled.BundledModel;
import io.github.camelllm.spi.BackendSpec;
import io.github.camelllm.spi.LlmBackend;
import io.github.camelllm.spi.LlmBackendContext;
import io.github.camelllm.spi.LlmBackendFactory;
import io.github.camelllm.spi.LlmModelException;
import io.github.camelllm.spi.LoadOptions;

/**
 * backend=local: runs GGUF models in this JVM with llama.cpp. Endpoints of one component that ask for the same file
 * with the same load options share one loaded model (a lease on the component's runtime), which is freed when the
 * last of them stops, or with the component.
 */
public class LlamaCppBackendFactory implements LlmBackendFactory {

    private static final Logger LOG = LoggerFactory.getLogger(LlamaCppBackendFactory.class);

    @Override
    public LlmBackend create(BackendSpec spec, LlmBackendContext context) {
        Path path = spec.modelFile();
        if (path == null) {
            throw new LlmModelException("the local backend needs a model file: set modelPath or model");
        }
        GgufModelInfo info = ModelFiles.inspect(path);
        int contextPerSlot = contextSize(spec.load(), info, path);
        boolean embedding = spec.embedding();
        if (!embedding && info.isEmbeddingModel() && !CausalArchitectures.isCausal(info.architecture())) {
            throw new LlmModelException("model " + path.getFileName() + " is an embedding model (" + info.architecture()
                    + ", from its GGUF metadata): it cannot generate text; use it with llm:embed");
        }
        if (embedding && !info.isEmbeddingModel()) {
            LOG.info(
                    "Model {} is a text-generation model ({}); llm:embed uses its last-token state (LAST pooling)."
                            + " A dedicated embedding model (e.g. nomic-embed-text, bge-small-en) gives better vectors.",
                    path.getFileName(),
                    info.architecture());
        }
        ModelKey key = new ModelKey(
                path,
                contextPerSlot,
                spec.load().parallel(),
                spec.load().threads(),
                spec.load().gpuLayers(),
                embedding);
        String displayName = ModelFiles.displayName(path);
        MemoryEstimate.check(info, key, displayName);
        LlmBackendContext.Lease<SharedModel> model =
                context.acquire(key, () -> SharedModel.load(key, info, displayName));
        return new LlamaCppBackend(model, context.scheduler());
    }

    @Override
    public boolean usesModelFile() {
        return true;
    }

    /** The bundled demo model (stories260K), used when an endpoint names no model at all. */
    @Override
    public Path defaultModelFile() {
        return BundledModel.path();
    }

    static int contextSize(LoadOptions load, GgufModelInfo info, Path path) {
        long trained = info.contextLength().orElse(2048);
        if (load.contextSize() != null) {
            int requested = load.contextSize();
            if (requested > trained) {
                LOG.warn(
                        "contextSize {} is larger than the {} tokens model {} was trained on; output quality may drop",
                        requested,
                        trained,
                        path.getFileName());
            }
            return requested;
        }
        return (int) Math.min(trained, load.maxContextSize());
    }
}
