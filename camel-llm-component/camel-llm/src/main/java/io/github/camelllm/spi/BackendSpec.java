package io.github.camelllm.spi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything a backend needs to start, resolved and checked once by the component when the producer starts: the
 * backend never reads endpoint options itself.
 *
 * @param backend   the backend name ({@code local}, {@code openai}, {@code ollama}, or a third-party one)
 * @param operation the endpoint operation the backend serves
 * @param modelFile the GGUF file of a local model, resolved (and pulled) by the component; null for remote backends
 * @param remote    the HTTP settings of a remote backend: the {@code model} option's name, baseUrl (null: the
 *                  backend's default), API key, timeouts, retries
 * @param load      how a local model is loaded
 */
public record BackendSpec(
        String backend, LlmOperation operation, Path modelFile, RemoteSettings remote, LoadOptions load) {

    public BackendSpec {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(load, "load");
    }

    /** Whether the backend serves {@code llm:embed}, which loads a model for embeddings rather than generation. */
    public boolean embedding() {
        return operation == LlmOperation.embed;
    }
}
