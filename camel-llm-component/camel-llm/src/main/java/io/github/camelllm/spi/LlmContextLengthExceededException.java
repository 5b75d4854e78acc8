package io.github.camelllm.spi;

/** The prompt does not fit in the model's context; nothing is truncated silently. */
public class LlmContextLengthExceededException extends LlmInvalidRequestException {

    private final int promptTokens;
    private final int contextSize;

    public LlmContextLengthExceededException(int promptTokens, int contextSize, String hint) {
        super("prompt has " + promptTokens + " tokens, context is " + contextSize + (hint == null ? "" : ": " + hint));
        this.promptTokens = promptTokens;
        this.contextSize = contextSize;
    }

    public int getPromptTokens() {
        return promptTokens;
    }

    public int getContextSize() {
        return contextSize;
    }
}
