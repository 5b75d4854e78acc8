package io.github.camelllm.quarkus;

import java.util.Optional;
import java.util.OptionalInt;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Runtime configuration of the {@code llm} component. These values become the component-wide defaults of every
 * {@code llm:} endpoint; {@code camel.component.llm.*} properties, endpoint options and {@code CamelLlm*} headers
 * still override them, in that order.
 */
@ConfigMapping(prefix = "quarkus.camel.llm")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface LlmRuntimeConfig {

    /**
     * The model: for the local backend a catalog name ({@code phi-4-mini}, {@code qwen2.5-1.5b}, ...), a file name in
     * the models directory or a path; for a remote backend the server's model name ({@code gpt-4o-mini},
     * {@code qwen2.5:7b}). A spec {@code name@local}, {@code name@openai} or {@code name@ollama} also picks the backend.
     * When neither this nor {@code model-path} is set, the local backend uses the small bundled demo model
     * (stories260K).
     */
    Optional<String> model();

    /**
     * Path of the GGUF model file for the local backend.
     */
    Optional<String> modelPath();

    /**
     * Where the model runs: {@code local} (in-process llama.cpp), {@code openai} (an OpenAI-compatible server),
     * {@code ollama} (Ollama's native API) or {@code auto} (local when a model file resolves, else the remote one).
     */
    @WithDefault("auto")
    Backend backend();

    /**
     * Directory of downloaded models. Default: {@code camel.llm.models.dir}, else {@code CAMEL_LLM_MODELS_DIR}, else
     * {@code $XDG_CACHE_HOME/camel-llm/models} ({@code ~/.cache/camel-llm/models}).
     */
    Optional<String> modelsDir();

    /**
     * Whether the local backend downloads a catalog model ({@code model}) when it is loaded: {@code never};
     * {@code when-missing} (only when no local file resolves); {@code always} (checks the file and fetches it if
     * missing or corrupt).
     */
    @WithDefault("never")
    PullStrategy pullStrategy();

    /**
     * CPU threads used by llama.cpp, from 1 to 1024. Default: llama.cpp's choice (the number of cores).
     */
    OptionalInt threads();

    /**
     * Number of layers offloaded to the GPU (needs a GPU build of the native library); {@code -1} offloads all,
     * {@code 0} runs on the CPU only.
     */
    @WithDefault("0")
    int gpuLayers();

    /**
     * Slots: how many requests one loaded model serves at the same time (llama.cpp continuous batching), from 1 to
     * 64. Further requests wait up to the endpoint's {@code queueTimeout}.
     */
    @WithDefault("1")
    int parallel();

    /**
     * Load the model when the application starts (an {@code llm:call} producer with the component-wide settings above
     * is started and kept until the CamelContext stops), so that the first request does not pay for the load and a
     * missing or broken model fails the startup. The model is shared with every route endpoint that uses the same
     * load settings. When {@code false}, models are loaded when the routes using them start.
     */
    @WithDefault("true")
    boolean loadAtStartup();

    /** The backend of the {@code llm} component. */
    enum Backend {
        /** Local when a model file resolves, else the remote backend. */
        auto,
        /** In-process llama.cpp on a GGUF file. */
        local,
        /** An OpenAI-compatible server. */
        openai,
        /** Ollama's native API. */
        ollama
    }

    /** When the local backend downloads a catalog model. */
    enum PullStrategy {
        /** Never download. */
        never,
        /** Download only when no local file resolves. */
        whenMissing,
        /** Check the file and download it when missing or corrupt. */
        always
    }
}
