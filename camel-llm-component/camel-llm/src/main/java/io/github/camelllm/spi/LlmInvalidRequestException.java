package io.github.camelllm.spi;

/** The exchange or an option is not acceptable: blank prompt, wrong body type, malformed messages, bad option value. */
public class LlmInvalidRequestException extends LlmException {

    public LlmInvalidRequestException(String message) {
        super(message);
    }

    public LlmInvalidRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
