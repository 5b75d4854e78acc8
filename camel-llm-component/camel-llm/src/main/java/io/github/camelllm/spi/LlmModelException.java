package io.github.camelllm.spi;

/** The model cannot be used: missing, unreadable or corrupt file, unsupported kind, or a failed load. */
public class LlmModelException extends LlmException {

    public LlmModelException(String message) {
        super(message);
    }

    public LlmModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
