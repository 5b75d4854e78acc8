package io.github.camelllm.component;

import org.apache.camel.spi.Metadata;

/** Message headers of the llm component. Input headers override endpoint options for one exchange. */
public final class LlmConstants {

    // --- input headers (override options per exchange) ---

    @Metadata(label = "producer", description = "Overrides the maxTokens option.", javaType = "Integer")
    public static final String MAX_TOKENS = "CamelLlmMaxTokens";
    @Metadata(label = "producer", description = "Overrides the temperature option.", javaType = "Float")
    public static final String TEMPERATURE = "CamelLlmTemperature";
    @Metadata(label = "producer", description = "Overrides the topP option.", javaType = "Float")
    public static final String TOP_P = "CamelLlmTopP";
    @Metadata(label = "producer", description = "Overrides the topK option.", javaType = "Integer")
    public static final String TOP_K = "CamelLlmTopK";
    @Metadata(label = "producer", description = "Overrides the minP option.", javaType = "Float")
    public static final String MIN_P = "CamelLlmMinP";
    @Metadata(label = "producer", description = "Overrides the repeatPenalty option.", javaType = "Float")
    public static final String REPEAT_PENALTY = "CamelLlmRepeatPenalty";
    @Metadata(label = "producer", description = "Overrides the seed option.", javaType = "Integer")
    public static final String SEED = "CamelLlmSeed";
    @Metadata(label = "producer", description = "Overrides the stop option (comma-separated stop strings).", javaType = "String")
    public static final String STOP = "CamelLlmStop";
    @Metadata(label = "producer", description = "Overrides the systemMessage option.", javaType = "String")
    public static final String SYSTEM_MESSAGE = "CamelLlmSystemMessage";
    @Metadata(label = "producer", description = "Overrides the chatTemplate option.", javaType = "String")
    public static final String CHAT_TEMPLATE = "CamelLlmChatTemplate";
    @Metadata(label = "producer", description = "Overrides the jsonSchema option.", javaType = "String")
    public static final String JSON_SCHEMA = "CamelLlmJsonSchema";
    @Metadata(label = "producer", description = "Overrides the grammar option.", javaType = "String")
    public static final String GRAMMAR = "CamelLlmGrammar";
    @Metadata(label = "producer", description = "Overrides the normalize option.", javaType = "Boolean")
    public static final String NORMALIZE = "CamelLlmNormalize";
    @Metadata(label = "producer", description = "Overrides the timeout option (milliseconds).", javaType = "Long")
    public static final String TIMEOUT = "CamelLlmTimeout";
    @Metadata(label = "producer", description = "Overrides the queueTimeout option (milliseconds).", javaType = "Long")
    public static final String QUEUE_TIMEOUT = "CamelLlmQueueTimeout";

    @Metadata(label = "producer", description = "Set to true to bypass the response cache for this exchange: the model answers,"
            + " and its answer is not stored.", javaType = "Boolean")
    public static final String CACHE_BYPASS = "CamelLlmCacheBypass";

    @Metadata(label = "producer", description = "Operation models: overrides the action option (list, available, info, pull, remove).",
              javaType = "String")
    public static final String MODELS_ACTION = "CamelLlmModelsAction";

    // --- output headers ---

    @Metadata(label = "producer", description = "Number of prompt tokens (for embed: of all inputs).", javaType = "Integer")
    public static final String INPUT_TOKENS = "CamelLlmInputTokens";
    @Metadata(label = "producer", description = "Number of generated tokens.", javaType = "Integer")
    public static final String OUTPUT_TOKENS = "CamelLlmOutputTokens";
    @Metadata(label = "producer", description = "Why generation stopped: stop (end of text or a stop string) or length (maxTokens or the context reached).",
              javaType = "String")
    public static final String FINISH_REASON = "CamelLlmFinishReason";
    @Metadata(label = "producer", description = "Name of the model that answered.", javaType = "String")
    public static final String MODEL = "CamelLlmModel";
    @Metadata(label = "producer", description = "Backend that answered, e.g. local.", javaType = "String")
    public static final String BACKEND = "CamelLlmBackend";
    @Metadata(label = "producer", description = "Milliseconds from the request to the first generated token (includes waiting for a slot and prompt processing).",
              javaType = "Long")
    public static final String TIME_TO_FIRST_TOKEN_MS = "CamelLlmTimeToFirstTokenMs";
    @Metadata(label = "producer", description = "Milliseconds from the request to the end of the generation or embedding.", javaType = "Long")
    public static final String GENERATION_MS = "CamelLlmGenerationMs";
    @Metadata(label = "producer", description = "Decoding speed: generated tokens per second after the first token.", javaType = "Double")
    public static final String TOKENS_PER_SECOND = "CamelLlmTokensPerSecond";
    @Metadata(label = "producer", description = "Operation embed: length of each vector.", javaType = "Integer")
    public static final String EMBEDDING_DIMENSION = "CamelLlmEmbeddingDimension";
    @Metadata(label = "producer", description = "Operation embed: number of vectors.", javaType = "Integer")
    public static final String EMBEDDING_COUNT = "CamelLlmEmbeddingCount";
    @Metadata(label = "producer", description = "With cacheEnabled (call, chat, embed): true when the answer came from the response cache"
            + " and the model did not run, false when the model answered.", javaType = "Boolean")
    public static final String CACHE_HIT = "CamelLlmCacheHit";
    @Metadata(label = "producer", description = "On exchanges sent to streamTo: index of the chunk, from 0.", javaType = "Integer")
    public static final String CHUNK_INDEX = "CamelLlmChunkIndex";
    @Metadata(label = "producer", description = "On exchanges sent to streamTo: true on the last chunk.", javaType = "Boolean")
    public static final String CHUNK_LAST = "CamelLlmChunkLast";

    private LlmConstants() {
    }
}
