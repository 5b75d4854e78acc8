package io.github.camelllm.remote.ollama;

import io.github.camelllm.spi.BackendSpec;
import io.github.camelllm.spi.LlmBackend;
import io.github.camelllm.spi.LlmBackendContext;
import io.github.camelllm.spi.LlmBackendFactory;
import io.github.camelllm.spi.LlmInvalidRequestException;
import io.github.camelllm.spi.RemoteSettings;

/**
 * Creates {@code ollama} backends (registered in {@code META-INF/services/io/github/camelllm/backend/ollama}).
 * Producers of one component with the same HTTP settings share one HTTP client.
 */
public final class OllamaBackendFactory implements LlmBackendFactory {

    /** Where Ollama listens by default. */
    public static final String DEFAULT_BASE_URL = "http://localhost:11434";

    @Override
    public LlmBackend create(BackendSpec spec, LlmBackendContext context) {
        RemoteSettings settings = spec.remote().withDefaults(DEFAULT_BASE_URL, null);
        if (settings.model() == null || settings.model().isBlank()) {
            throw new LlmInvalidRequestException(
                    "option model is required with the ollama backend: name an installed Ollama"
                            + " model, e.g. model: llama3.2 (or model: llama3.2@ollama)");
        }
        Integer contextSize = spec.load().contextSize();
        int numCtx = contextSize != null ? contextSize : spec.load().maxContextSize();
        return new OllamaBackend(settings, context, numCtx, contextSize);
    }
}
