package io.github.camelllm.spi;

/**
 * What an {@link LlmObserver} learns of one request.
 *
 * @param operation          the endpoint operation: {@code call}, {@code chat}, {@code stream} or {@code embed}
 * @param provider           the backend: {@code local}, {@code openai} or {@code ollama}
 * @param model              the model name as the backend reports it (may be null when the request failed early)
 * @param inputTokens        prompt tokens, or null when unknown
 * @param outputTokens       generated tokens, or null when unknown (always null for embeddings)
 * @param finishReason       {@code stop}, {@code length}, ..., or null
 * @param durationMs         wall time of the request in milliseconds
 * @param timeToFirstTokenMs time to the first generated token in milliseconds, or null
 * @param errorType          the failure's class name, or null on success
 */
public record LlmCallInfo(String operation, String provider, String model, Integer inputTokens, Integer outputTokens,
                          String finishReason, long durationMs, Long timeToFirstTokenMs, String errorType) {

    /** The OpenTelemetry GenAI {@code gen_ai.operation.name}: {@code text_completion}, {@code chat} or {@code embeddings}. */
    public String genAiOperationName() {
        return switch (operation) {
            case "call" -> "text_completion";
            case "embed" -> "embeddings";
            default -> "chat";
        };
    }

    public boolean failed() {
        return errorType != null;
    }
}
