package io.github.camelllm.component;

import org.apache.camel.spi.Metadata;

/**
 * Message headers of the llm component. Input headers override endpoint options for one exchange.
 *
 * <p>Each description starts with "Read by OPERATIONS:" (an input header) or "Set by OPERATIONS:" / "Set on
 * EXCHANGES:" (an output header); an input header that overrides an option says "overrides the NAME option".
 * OptionsReference (test sources) builds the Direction, Operations and Header override columns of docs/options.md
 * from these sentences, so keep them when editing a description.
 */
public final class LlmConstants {

    // --- input headers (override options per exchange) ---

    @Metadata(
            label = "producer",
            description = "Read by call, chat, stream: overrides the maxTokens option.",
            javaType = "Integer")
    public static final String MAX_TOKENS = "CamelLlmMaxTokens";

    @Metadata(
            label = "producer",
            description = "Read by call, chat, stream: overrides the temperature option.",
            javaType = "Float")
    public static final String TEMPERATURE = "CamelLlmTemperature";

    @Metadata(
            label = "producer",
            description = "Read by call, chat, stream: overrides the topP option.",
            javaType = "Float")
    public static final String TOP_P = "CamelLlmTopP";

    @Metadata(
            label = "producer",
            description = "Read by call, chat, stream: overrides the topK option.",
            javaType = "Integer")
    public static final String TOP_K = "CamelLlmTopK";

    @Metadata(
            label = "producer",
            description = "Read by call, chat, stream: overrides the minP option.",
            javaType = "Float")
    public static final String MIN_P = "CamelLlmMinP";

    @Metadata(
            label = "producer",
            description = "Read by call, chat, stream: overrides the repeatPenalty option.",
            javaType = "Float")
    public static final String REPEAT_PENALTY = "CamelLlmRepeatPenalty";

    @Metadata(
            label = "producer",
            description = "Read by call, chat, stream: overrides the seed option.",
            javaType = "Integer")
    public static final String SEED = "CamelLlmSeed";

    @Metadata(
            label = "producer",
            description = "Read by call, chat, stream: overrides the stop option (comma-separated stop strings).",
            javaType = "String")
    public static final String STOP = "CamelLlmStop";

    @Metadata(
            label = "producer",
            description = "Read by chat, stream (conversation): overrides the systemMessage option.",
            javaType = "String")
    public static final String SYSTEM_MESSAGE = "CamelLlmSystemMessage";

    @Metadata(
            label = "producer",
            description = "Read by chat, stream (conversation): overrides the chatTemplate option.",
            javaType = "String")
    public static final String CHAT_TEMPLATE = "CamelLlmChatTemplate";

    @Metadata(
            label = "producer",
            description = "Read by call, chat, stream: overrides the jsonSchema option.",
            javaType = "String")
    public static final String JSON_SCHEMA = "CamelLlmJsonSchema";

    @Metadata(
            label = "producer",
            description = "Read by call, chat, stream: overrides the grammar option.",
            javaType = "String")
    public static final String GRAMMAR = "CamelLlmGrammar";

    @Metadata(label = "producer", description = "Read by embed: overrides the normalize option.", javaType = "Boolean")
    public static final String NORMALIZE = "CamelLlmNormalize";

    @Metadata(
            label = "producer",
            description = "Read by all operations: overrides the timeout option (milliseconds).",
            javaType = "Long")
    public static final String TIMEOUT = "CamelLlmTimeout";

    @Metadata(
            label = "producer",
            description = "Read by all operations: overrides the queueTimeout option (milliseconds).",
            javaType = "Long")
    public static final String QUEUE_TIMEOUT = "CamelLlmQueueTimeout";

    @Metadata(
            label = "producer",
            description = "Read by call, chat, embed: with cacheEnabled, true skips the response cache for this"
                    + " exchange; the model answers and its answer is not stored.",
            javaType = "Boolean")
    public static final String CACHE_BYPASS = "CamelLlmCacheBypass";

    @Metadata(
            label = "producer",
            description = "Read by models: overrides the action option (list, available, info, pull, remove).",
            javaType = "String")
    public static final String MODELS_ACTION = "CamelLlmModelsAction";

    // --- output headers ---

    @Metadata(
            label = "producer",
            description = "Set by call, chat, embed, stream: number of prompt tokens (for embed: of all inputs).",
            javaType = "Integer")
    public static final String INPUT_TOKENS = "CamelLlmInputTokens";

    @Metadata(
            label = "producer",
            description = "Set by call, chat; stream with streamTo: number of generated tokens.",
            javaType = "Integer")
    public static final String OUTPUT_TOKENS = "CamelLlmOutputTokens";

    @Metadata(
            label = "producer",
            description = "Set by call, chat; stream with streamTo: why generation stopped, stop (end of text or"
                    + " a stop string) or length (maxTokens or the context reached).",
            javaType = "String")
    public static final String FINISH_REASON = "CamelLlmFinishReason";

    @Metadata(
            label = "producer",
            description = "Set by all operations: name of the model that answered.",
            javaType = "String")
    public static final String MODEL = "CamelLlmModel";

    @Metadata(
            label = "producer",
            description = "Set by all operations: backend that answered, e.g. local.",
            javaType = "String")
    public static final String BACKEND = "CamelLlmBackend";

    @Metadata(
            label = "producer",
            description = "Set by call, chat; stream with streamTo: milliseconds from the request to the first"
                    + " generated token (includes waiting for a slot and prompt processing).",
            javaType = "Long")
    public static final String TIME_TO_FIRST_TOKEN_MS = "CamelLlmTimeToFirstTokenMs";

    @Metadata(
            label = "producer",
            description = "Set by call, chat, embed; stream with streamTo: milliseconds from the request to the end"
                    + " of the generation or embedding.",
            javaType = "Long")
    public static final String GENERATION_MS = "CamelLlmGenerationMs";

    @Metadata(
            label = "producer",
            description = "Set by call, chat; stream with streamTo: decoding speed, generated tokens per second after"
                    + " the first token.",
            javaType = "Double")
    public static final String TOKENS_PER_SECOND = "CamelLlmTokensPerSecond";

    @Metadata(label = "producer", description = "Set by embed: length of each vector.", javaType = "Integer")
    public static final String EMBEDDING_DIMENSION = "CamelLlmEmbeddingDimension";

    @Metadata(label = "producer", description = "Set by embed: number of vectors.", javaType = "Integer")
    public static final String EMBEDDING_COUNT = "CamelLlmEmbeddingCount";

    @Metadata(
            label = "producer",
            description = "Set by call, chat, embed (with cacheEnabled): true when the answer came from the response"
                    + " cache (the model did not run; the body and the other headers are the stored ones, timings included), false when"
                    + " the model answered. Not set when the cache is off.",
            javaType = "Boolean")
    public static final String CACHE_HIT = "CamelLlmCacheHit";

    @Metadata(
            label = "producer",
            description = "Set on exchanges sent to streamTo: index of the chunk, from 0.",
            javaType = "Integer")
    public static final String CHUNK_INDEX = "CamelLlmChunkIndex";

    @Metadata(
            label = "producer",
            description = "Set on exchanges sent to streamTo: true on the last chunk.",
            javaType = "Boolean")
    public static final String CHUNK_LAST = "CamelLlmChunkLast";

    private LlmConstants() {}
}
