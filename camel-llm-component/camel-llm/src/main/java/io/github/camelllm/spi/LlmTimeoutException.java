package io.github.camelllm.component;

/** A generation ran longer than the {@code timeout} option; the generation was cancelled and its slot freed. */
public class LlmTimeoutException extends LlmException {

    public LlmTimeoutException(String message) {
        super(message);
    }
}
