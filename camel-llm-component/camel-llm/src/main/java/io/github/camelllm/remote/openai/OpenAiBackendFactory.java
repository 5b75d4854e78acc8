package io.github.camelllm.remote.openai;

import java.net.URI;
import java.util.Locale;

import io.github.camelllm.spi.BackendSpec;
import io.github.camelllm.spi.LlmBackend;
import io.github.camelllm.spi.LlmBackendContext;
import io.github.camelllm.spi.LlmBackendFactory;
import io.github.camelllm.spi.LlmInvalidRequestException;
import io.github.camelllm.spi.RemoteSettings;

/**
 * backend=openai: any server speaking the OpenAI HTTP API ({@code /v1/completions}, {@code /v1/chat/completions},
 * {@code /v1/embeddings}): api.openai.com, llama-server, vLLM, Ollama's /v1, LM Studio...
 * <p>
 * The base URL defaults to {@value #DEFAULT_BASE_URL}; the API key to the {@code OPENAI_API_KEY} environment variable.
 * A {@code model} is required for api.openai.com. Other servers may be used without one: no {@code model} field is
 * sent (llama-server serves the model it was started with) and the model name reported in headers is the one the
 * server echoes, or the first entry of its {@code /models} list.
 */
public class OpenAiBackendFactory implements LlmBackendFactory {

    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    static final String API_KEY_ENV = "OPENAI_API_KEY";

    @Override
    public LlmBackend create(BackendSpec spec, LlmBackendContext context) {
        return create(spec.remote(), System.getenv(API_KEY_ENV), context);
    }

    /** Creates the backend with an explicit fallback for the API key (the environment variable's value). */
    static OpenAiBackend create(RemoteSettings endpointSettings, String apiKeyFallback, LlmBackendContext context) {
        RemoteSettings settings = endpointSettings.withDefaults(DEFAULT_BASE_URL, apiKeyFallback);
        if (settings.model() == null && isOpenAiHost(settings.baseUrl())) {
            throw new LlmInvalidRequestException(
                    "the openai backend needs option model (e.g. gpt-4o-mini) when it talks to " + settings.baseUrl());
        }
        return new OpenAiBackend(settings, context);
    }

    static boolean isOpenAiHost(String baseUrl) {
        String host = URI.create(baseUrl).getHost();
        return host != null && host.toLowerCase(Locale.ROOT).endsWith("api.openai.com");
    }
}
