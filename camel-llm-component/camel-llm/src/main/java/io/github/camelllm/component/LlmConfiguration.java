package io.github.camelllm.component;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Configurer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

import io.github.camelllm.spi.LlmResponseCache;

/**
 * Options of the llm component. Set on the component they are defaults for every endpoint; endpoint URI options
 * override them; per-request options can be overridden again by {@code CamelLlm*} headers.
 */
@Configurer
@UriParams
public class LlmConfiguration implements Cloneable {

    // --- backend and model ---
    //
    // Descriptions are plain text (no markdown, no at sign, no backquotes: Camel's tooling strips those characters),
    // because IDEs and the YAML DSL tooling show them as they are. A range the catalog cannot express as an enum is
    // the last sentence, "Valid values: ...", which OptionsReference (test sources) puts in the Valid values column
    // of docs/options.md.

    @UriParam(
            label = "common",
            defaultValue = "auto",
            enums = "auto,local,openai,ollama",
            description =
                    "Where the model runs. local: in-process llama.cpp on a GGUF file (needs camel-llm-llamacpp on the classpath);"
                            + " openai: an OpenAI-compatible server at baseUrl (OpenAI, llama.cpp's llama-server, vLLM, LocalAI, Ollama's /v1);"
                            + " ollama: Ollama's native API at baseUrl; auto: local when a local model file resolves (modelPath, the"
                            + " model option, the models directory) or a catalog model is to be downloaded (pullStrategy); otherwise"
                            + " the remote backend when baseUrl or a model that is not a catalog name is set (ollama when baseUrl has"
                            + " port 11434 or ollama in its host and no /v1 in its path, else openai); otherwise local (the bundled"
                            + " demo model when no model is set). A backend suffix on the model option decides before all of this. Any"
                            + " other name selects a third-party backend registered on the classpath in"
                            + " META-INF/services/io/github/camelllm/backend/NAME, NAME being the backend option (see docs/development.md).")
    private String backend = "auto";

    @UriParam(
            label = "common",
            description =
                    "The model: for the local backend a catalog name (phi-4-mini, qwen2.5-1.5b, ...), a file name in the models"
                            + " directory or a path; for a remote backend the server's model name (gpt-4o-mini, qwen2.5:7b)."
                            + " Valid values: a name, optionally followed by the at sign and local, openai or ollama, which picks"
                            + " that backend too.")
    private String model;

    @UriParam(
            label = "remote",
            description = "Base URL of the remote server. Default: https://api.openai.com/v1 for openai,"
                    + " http://localhost:11434 for ollama. For llama.cpp's llama-server use http://host:8080/v1."
                    + " Valid values: an http:// or https:// URL with a host.")
    private String baseUrl;

    @UriParam(
            label = "remote",
            secret = true,
            description =
                    "API key sent as a Bearer token by the openai backend. Default: the OPENAI_API_KEY environment variable. Never logged.")
    private String apiKey;

    @UriParam(
            label = "remote",
            defaultValue = "10000",
            javaType = "long",
            description = "HTTP connect timeout in milliseconds. Valid values: more than 0.")
    private long connectTimeout = 10_000L;

    @UriParam(
            label = "remote",
            defaultValue = "120000",
            javaType = "long",
            description =
                    "How long, in milliseconds, to wait for the server's response to start, and between two streamed events."
                            + " Valid values: more than 0.")
    private long requestTimeout = 120_000L;

    @UriParam(
            label = "remote",
            defaultValue = "2",
            description =
                    "Retries of a failed HTTP request on 429, 5xx and connection errors, with exponential backoff that honours"
                            + " Retry-After. Other 4xx errors are never retried, nor is a stream that already started. Valid values: 0 to 10.")
    private int maxRetries = 2;

    @UriParam(
            label = "remote",
            description = "Ollama: how long the server keeps the model loaded after the request (keep_alive)."
                    + " Valid values: an Ollama duration such as 5m or 1h, or -1 (keep it loaded).")
    private String keepAlive;

    @UriParam(
            label = "common",
            description =
                    "Path of the GGUF model file for the local backend. When not set, the small bundled demo model (stories260K)"
                            + " is used. Relative paths resolve against the working directory.")
    private String modelPath;

    @UriParam(
            label = "local",
            enums = "never,whenMissing,always",
            defaultValue = "never",
            description =
                    "Whether the local backend downloads a catalog model (model option) when the route starts: never;"
                            + " whenMissing (only when no local file resolves); always (checks the file and fetches it if missing or corrupt).")
    private String pullStrategy = "never";

    @UriParam(
            label = "local",
            description = "Directory of downloaded models. Default: the system property camel.llm.models.dir,"
                    + " else the environment variable CAMEL_LLM_MODELS_DIR, else $XDG_CACHE_HOME/camel-llm/models (.cache/camel-llm/models"
                    + " in the home directory when XDG_CACHE_HOME is not set).")
    private String modelsDir;

    @UriParam(
            label = "models",
            enums = "list,available,info,pull,remove",
            defaultValue = "list",
            description =
                    "Operation models, what to do: list the local models, list the catalog (available), show a model's"
                            + " metadata (info), download (pull) or delete (remove) one. The model is the message body or the model"
                            + " option; a model name followed by the at sign and ollama acts on the Ollama server at baseUrl.")
    private String action = "list";

    @UriParam(
            label = "local",
            description = "Context size in tokens of each slot. Default: the model's trained context length"
                    + " (from the GGUF metadata), capped by maxContextSize. Part of the model identity. The ollama backend sends it as"
                    + " num_ctx. Valid values: 16 to 1048576 (ollama: more than 0).")
    private Integer contextSize;

    @UriParam(
            label = "local",
            defaultValue = "4096",
            description =
                    "Upper bound of the default context size when contextSize is not set; keeps models trained on"
                            + " 128K contexts from allocating huge KV caches. Valid values: 16 to 1048576 (ollama: more than 0).")
    private int maxContextSize = 4096;

    @UriParam(
            label = "local",
            description = "CPU threads used by llama.cpp. Default: llama.cpp's choice (the number of cores)."
                    + " Part of the model identity. Valid values: 1 to 1024.")
    private Integer threads;

    @UriParam(
            label = "local",
            defaultValue = "0",
            description =
                    "Number of layers offloaded to the GPU (needs a GPU build of the native library); -1 offloads all."
                            + " Part of the model identity. Valid values: -1 (all), 0 (CPU only) or a layer count.")
    private int gpuLayers;

    @UriParam(
            label = "local",
            defaultValue = "1",
            description =
                    "Slots: how many requests one loaded model serves at the same time (llama.cpp continuous batching)."
                            + " Further requests wait up to queueTimeout. Part of the model identity: endpoints with different values"
                            + " load separate models. Valid values: 1 to 64.")
    private int parallel = 1;

    // --- generation ---

    @UriParam(
            label = "common",
            defaultValue = "256",
            description =
                    "Maximum number of tokens to generate; -1 generates until the end of text or the context is full."
                            + " Valid values: -1, or 1 to 1048576.")
    private int maxTokens = 256;

    @UriParam(
            label = "common",
            defaultValue = "0.8",
            description = "Sampling temperature; 0 is greedy (deterministic). Valid values: 0 to 100.")
    private float temperature = 0.8f;

    @UriParam(
            label = "common",
            defaultValue = "0.95",
            description =
                    "Nucleus sampling: keep the smallest set of tokens whose probability adds up to topP. Valid values: 0 to 1.")
    private float topP = 0.95f;

    @UriParam(
            label = "common",
            defaultValue = "40",
            description = "Keep only the topK most likely tokens; 0 disables. Valid values: 0 or more.")
    private int topK = 40;

    @UriParam(
            label = "common",
            defaultValue = "0.05",
            description = "Drop tokens less likely than minP times the most likely one. Valid values: 0 to 1.")
    private float minP = 0.05f;

    @UriParam(
            label = "common",
            defaultValue = "1.0",
            description = "Penalty for repeating recent tokens; 1.0 disables. Valid values: greater than 0, up to 100.")
    private float repeatPenalty = 1.0f;

    @UriParam(
            label = "common",
            description = "Random seed for sampling; unset (or -1) means a random seed."
                    + " Valid values: -1 (random) or 0 and up.")
    private Integer seed;

    @UriParam(
            label = "common",
            description =
                    "Comma-separated strings that end the generation when produced (not included in the result), for example"
                            + " stop=END,Question: (a stop string cannot contain a comma). In YAML parameters, a newline can be"
                            + " written as \\n in a double-quoted string.")
    private String stop;

    @UriParam(label = "common", description = "System message prepended to the conversation (operation chat).")
    private String systemMessage;

    @Metadata(supportFileReference = true)
    @UriParam(
            label = "common",
            description =
                    "Chat template for operation chat: a built-in name (chatml, llama2, llama3, mistral, gemma, phi3, phi4, zephyr, deepseek)"
                            + " or a Jinja template text. Default: the model's own template (GGUF tokenizer.chat_template); a model without one fails unless this is set."
                            + " Also accepts a reference that is read once: file:, classpath:, http:, https:, ref: or bean: (for example"
                            + " file:/path/template.jinja or classpath:name.jinja). Jinja text in a URI clashes with Camel's {{ }} property"
                            + " placeholders: put it in a file or a bean and reference it.")
    private String chatTemplate;

    @Metadata(supportFileReference = true)
    @UriParam(
            label = "common",
            description =
                    "JSON schema the output must follow; generation is constrained by it and the result is checked to be valid JSON."
                            + " Inline JSON, or a reference that is read once: file:, classpath:, http:, https:, ref: or bean: (for example"
                            + " file:/path/schema.json or classpath:schema.json). Not together with grammar.")
    private String jsonSchema;

    @Metadata(supportFileReference = true)
    @UriParam(
            label = "advanced",
            description =
                    "GBNF grammar constraining the output (llama.cpp grammar syntax). Not together with"
                            + " jsonSchema. Inline, or a reference that is read once: file:, classpath:, http:, https:, ref: or bean: (for"
                            + " example file:/path/grammar.gbnf or classpath:grammar.gbnf). Checked before sending; a syntax error fails the exchange.")
    private String grammar;

    @UriParam(
            label = "common",
            defaultValue = "true",
            description = "Operation embed: scale each vector to unit length (L2).")
    private boolean normalize = true;

    @UriParam(
            label = "common",
            defaultValue = "300000",
            javaType = "long",
            description =
                    "Generation time limit in milliseconds, measured from the request; the generation is cancelled when exceeded."
                            + " 0 disables. Valid values: 0 or more.")
    private long timeout = 300_000L;

    @UriParam(
            label = "common",
            defaultValue = "30000",
            javaType = "long",
            description =
                    "How long, in milliseconds, a request waits for a free slot before failing with LlmQueueTimeoutException."
                            + " Valid values: 0 (fail at once when every slot is busy) or more.")
    private long queueTimeout = 30_000L;

    @UriParam(
            label = "common",
            description =
                    "Endpoint URI that receives every chunk as it is generated (e.g. seda:tokens); the exchange's"
                            + " final body is then the full text. Works with call, chat and stream; not used by embed. Resolved when the route starts.")
    private String streamTo;

    // --- response cache ---

    @UriParam(
            label = "cache",
            defaultValue = "false",
            description =
                    "Cache the answers of call, chat and embed, keyed by a SHA-256 of the operation, backend, model, every"
                            + " sampling option (seed, maxTokens, stop, grammar, jsonSchema included), the chat template and the prompt,"
                            + " messages or inputs. A repeated request is answered from the cache without running the model (header"
                            + " CamelLlmCacheHit=true) with the stored body and headers. Only successful answers are stored; stream,"
                            + " and call or chat with streamTo, are never cached. An exchange can skip the cache with the header"
                            + " CamelLlmCacheBypass=true.")
    private boolean cacheEnabled;

    @UriParam(
            label = "cache",
            defaultValue = "1000",
            description =
                    "How many answers the default in-memory store keeps (one store per CamelContext and value of this"
                            + " option); when it is full, rarely asked answers are evicted (Caffeine, W-TinyLFU). Not used with"
                            + " cacheStore. Valid values: 1 to 10000000.")
    private int cacheMaxEntries = 1000;

    @UriParam(
            label = "cache",
            defaultValue = "3600000",
            javaType = "long",
            description =
                    "How long, in milliseconds, a cached answer may be served; 0 keeps it until it is evicted. Given to a"
                            + " custom cacheStore with every answer it stores. Valid values: 0 (no expiry) or more.")
    private long cacheTtl = 3_600_000L;

    @UriParam(
            label = "cache",
            description =
                    "A custom store for the response cache: a bean implementing io.github.camelllm.spi.LlmResponseCache"
                            + " (Redis, Infinispan, a database, ...), referenced as #bean:name. Default: a bounded in-memory"
                            + " store (Caffeine).")
    private LlmResponseCache cacheStore;

    // --- readiness health check ---

    @UriParam(
            label = "health",
            defaultValue = "false",
            description =
                    "The readiness check of this endpoint also sends the smallest real request: one generated token"
                            + " (call, chat, stream) or the embedding of one word (embed), and is DOWN with the error when it"
                            + " fails, which catches a model that is loaded but cannot serve this endpoint. The result is reused for"
                            + " healthCheckCacheTime; a probe that finds every slot busy is skipped (UP).")
    private boolean healthCheckProbe;

    @UriParam(
            label = "health",
            defaultValue = "2000",
            javaType = "long",
            description = "How long, in milliseconds, the readiness check waits for a remote server's answer and for"
                    + " the probe. Valid values: more than 0.")
    private long healthCheckTimeout = 2000L;

    @UriParam(
            label = "health",
            defaultValue = "5000",
            javaType = "long",
            description =
                    "How long, in milliseconds, a remote server's answer (shared by every endpoint using that server) and a"
                            + " probe result are reused, so that frequent health polling does not send a request every time."
                            + " Valid values: 0 (check every time) or more.")
    private long healthCheckCacheTime = 5000L;

    public String getBackend() {
        return backend;
    }

    public void setBackend(String backend) {
        this.backend = backend;
    }

    public String getPullStrategy() {
        return pullStrategy;
    }

    public void setPullStrategy(String pullStrategy) {
        this.pullStrategy = pullStrategy;
    }

    public String getModelsDir() {
        return modelsDir;
    }

    public void setModelsDir(String modelsDir) {
        this.modelsDir = modelsDir;
    }

    public String getAction() {
        return action;
    }

    public void setAction(String action) {
        this.action = action;
    }

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(long requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public String getKeepAlive() {
        return keepAlive;
    }

    public void setKeepAlive(String keepAlive) {
        this.keepAlive = keepAlive;
    }

    public String getModelPath() {
        return modelPath;
    }

    public void setModelPath(String modelPath) {
        this.modelPath = modelPath;
    }

    public Integer getContextSize() {
        return contextSize;
    }

    public void setContextSize(Integer contextSize) {
        this.contextSize = contextSize;
    }

    public int getMaxContextSize() {
        return maxContextSize;
    }

    public void setMaxContextSize(int maxContextSize) {
        this.maxContextSize = maxContextSize;
    }

    public Integer getThreads() {
        return threads;
    }

    public void setThreads(Integer threads) {
        this.threads = threads;
    }

    public int getGpuLayers() {
        return gpuLayers;
    }

    public void setGpuLayers(int gpuLayers) {
        this.gpuLayers = gpuLayers;
    }

    public int getParallel() {
        return parallel;
    }

    public void setParallel(int parallel) {
        this.parallel = parallel;
    }

    public int getMaxTokens() {
        return maxTokens;
    }

    public void setMaxTokens(int maxTokens) {
        this.maxTokens = maxTokens;
    }

    public float getTemperature() {
        return temperature;
    }

    public void setTemperature(float temperature) {
        this.temperature = temperature;
    }

    public float getTopP() {
        return topP;
    }

    public void setTopP(float topP) {
        this.topP = topP;
    }

    public int getTopK() {
        return topK;
    }

    public void setTopK(int topK) {
        this.topK = topK;
    }

    public float getMinP() {
        return minP;
    }

    public void setMinP(float minP) {
        this.minP = minP;
    }

    public float getRepeatPenalty() {
        return repeatPenalty;
    }

    public void setRepeatPenalty(float repeatPenalty) {
        this.repeatPenalty = repeatPenalty;
    }

    public Integer getSeed() {
        return seed;
    }

    public void setSeed(Integer seed) {
        this.seed = seed;
    }

    public String getStop() {
        return stop;
    }

    public void setStop(String stop) {
        this.stop = stop;
    }

    public String getSystemMessage() {
        return systemMessage;
    }

    public void setSystemMessage(String systemMessage) {
        this.systemMessage = systemMessage;
    }

    public String getChatTemplate() {
        return chatTemplate;
    }

    public void setChatTemplate(String chatTemplate) {
        this.chatTemplate = chatTemplate;
    }

    public String getJsonSchema() {
        return jsonSchema;
    }

    public void setJsonSchema(String jsonSchema) {
        this.jsonSchema = jsonSchema;
    }

    public String getGrammar() {
        return grammar;
    }

    public void setGrammar(String grammar) {
        this.grammar = grammar;
    }

    public boolean isNormalize() {
        return normalize;
    }

    public void setNormalize(boolean normalize) {
        this.normalize = normalize;
    }

    public long getTimeout() {
        return timeout;
    }

    public void setTimeout(long timeout) {
        this.timeout = timeout;
    }

    public long getQueueTimeout() {
        return queueTimeout;
    }

    public void setQueueTimeout(long queueTimeout) {
        this.queueTimeout = queueTimeout;
    }

    public String getStreamTo() {
        return streamTo;
    }

    public void setStreamTo(String streamTo) {
        this.streamTo = streamTo;
    }

    public boolean isCacheEnabled() {
        return cacheEnabled;
    }

    public void setCacheEnabled(boolean cacheEnabled) {
        this.cacheEnabled = cacheEnabled;
    }

    public int getCacheMaxEntries() {
        return cacheMaxEntries;
    }

    public void setCacheMaxEntries(int cacheMaxEntries) {
        this.cacheMaxEntries = cacheMaxEntries;
    }

    public long getCacheTtl() {
        return cacheTtl;
    }

    public void setCacheTtl(long cacheTtl) {
        this.cacheTtl = cacheTtl;
    }

    public LlmResponseCache getCacheStore() {
        return cacheStore;
    }

    public void setCacheStore(LlmResponseCache cacheStore) {
        this.cacheStore = cacheStore;
    }

    public boolean isHealthCheckProbe() {
        return healthCheckProbe;
    }

    public void setHealthCheckProbe(boolean healthCheckProbe) {
        this.healthCheckProbe = healthCheckProbe;
    }

    public long getHealthCheckTimeout() {
        return healthCheckTimeout;
    }

    public void setHealthCheckTimeout(long healthCheckTimeout) {
        this.healthCheckTimeout = healthCheckTimeout;
    }

    public long getHealthCheckCacheTime() {
        return healthCheckCacheTime;
    }

    public void setHealthCheckCacheTime(long healthCheckCacheTime) {
        this.healthCheckCacheTime = healthCheckCacheTime;
    }

    /** A copy, so that an endpoint's options do not change the component's. */
    public LlmConfiguration copy() {
        try {
            return (LlmConfiguration) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }
}
