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
 * @param input              only for an observer whose {@link LlmObserver#recordsContent()} is true, else null: the
 *                           prompt ({@code call}, a prompt {@code stream}) or the conversation as a JSON array of
 *                           {@code {"role": ..., "content": ...}} objects ({@code chat}, a conversation {@code stream})
 * @param output             only for such an observer, else null: the generated text (as far as it got, when the
 *                           generation failed or was cancelled)
 */
public record LlmCallInfo(
        String operation,
        String provider,
        String model,
        Integer inputTokens,
        Integer outputTokens,
        String finishReason,
        long durationMs,
        Long timeToFirstTokenMs,
        String errorType,
        String input,
        String output) {

    /** The facts of a request, without its content. */
    public LlmCallInfo(
            String operation,
            String provider,
            String model,
            Integer inputTokens,
            Integer outputTokens,
            String finishReason,
            long durationMs,
            Long timeToFirstTokenMs,
            String errorType) {
        this(
                operation,
                provider,
                model,
                inputTokens,
                outputTokens,
                finishReason,
                durationMs,
                timeToFirstTokenMs,
                errorType,
                null,
                null);
    }

    /** The same facts with the prompt or conversation and the generated text. */
    public LlmCallInfo withContent(String input, String output) {
        return new LlmCallInfo(
                operation,
                provider,
                model,
                inputTokens,
                outputTokens,
                finishReason,
                durationMs,
                timeToFirstTokenMs,
                errorType,
                input,
                output);
    }

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
