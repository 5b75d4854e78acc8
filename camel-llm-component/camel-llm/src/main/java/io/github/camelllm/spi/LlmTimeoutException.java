package io.github.camelllm.spi;

/** A generation ran longer than the {@code timeout} option; the generation was cancelled and its slot freed. */
public class LlmTimeoutException extends LlmException {

    public LlmTimeoutException(String message) {
        super(message);
    }
}
