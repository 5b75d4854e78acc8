package io.github.camelllm.spi;

/**
 * Told about every generation and embedding request an {@code llm:} producer makes, after it ended (successfully or
 * not), and about every answer served from the response cache. Observers are looked up by type in the CamelContext registry when a producer starts. They are called on the
 * exchange's thread and must be quick; an exception they throw is logged and never fails the exchange. Prompt and
 * completion text are passed only to an observer that asks for them with {@link #recordsContent()}.
 */
public interface LlmObserver {

    /**
     * Whether the {@link LlmCallInfo} of generations given to this observer carries the prompt or conversation and the
     * generated text ({@link LlmCallInfo#input()}, {@link LlmCallInfo#output()}). False by default: content often holds
     * personal data, so recording it must be a deliberate choice. Asked once, when a producer starts.
     */
    default boolean recordsContent() {
        return false;
    }

    /** A call, chat or stream generation ended. */
    default void onGeneration(LlmCallInfo info) {}

    /** An embed request ended. */
    default void onEmbedding(LlmCallInfo info) {}

    /**
     * A call, chat or embed request was answered from the response cache ({@code cacheEnabled=true}); the model did not
     * run, and neither {@link #onGeneration} nor {@link #onEmbedding} is called for it. The info carries the stored
     * usage; its duration is the time of the cache lookup.
     */
    default void onCacheHit(LlmCallInfo info) {}
}
