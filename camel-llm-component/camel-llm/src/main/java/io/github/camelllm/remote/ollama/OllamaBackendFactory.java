package io.github.camelllm.remote.ollama;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.camelllm.component.LlmConfiguration;
import io.github.camelllm.component.LlmInvalidRequestException;
import io.github.camelllm.component.LlmOperation;
import io.github.camelllm.remote.HttpTransport;
import io.github.camelllm.remote.RemoteSettings;
import io.github.camelllm.spi.LlmBackend;
import io.github.camelllm.spi.LlmBackendFactory;

/**
 * Creates {@code ollama} backends (registered in {@code META-INF/services/io/github/camelllm/backend/ollama}).
 * Producers with the same HTTP settings share one HTTP client.
 */
public final class OllamaBackendFactory implements LlmBackendFactory {

    /** Where Ollama listens by default. */
    public static final String DEFAULT_BASE_URL = "http://localhost:11434";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<RemoteSettings, HttpTransport> TRANSPORTS = new ConcurrentHashMap<>();

    @Override
    public LlmBackend create(CamelContext context, LlmConfiguration configuration, LlmOperation operation) {
        RemoteSettings settings = RemoteSettings.of(configuration, DEFAULT_BASE_URL, null);
        if (settings.model() == null || settings.model().isBlank()) {
            throw new LlmInvalidRequestException("option model is required with the ollama backend: name an installed Ollama"
                    + " model, e.g. model: llama3.2 (or model: llama3.2@ollama)");
        }
        Integer contextSize = configuration.getContextSize();
        if (contextSize != null && contextSize <= 0) {
            throw new LlmInvalidRequestException("option contextSize=" + contextSize + " is out of range: must be positive");
        }
        int numCtx = contextSize != null ? contextSize : configuration.getMaxContextSize();
        if (numCtx <= 0) {
            throw new LlmInvalidRequestException("option maxContextSize=" + numCtx + " is out of range: must be positive");
        }
        HttpTransport transport = TRANSPORTS.computeIfAbsent(settings, s -> new HttpTransport(s, MAPPER));
        return new OllamaBackend(transport, numCtx, contextSize);
    }
}
