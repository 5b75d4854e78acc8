package io.github.camelllm.spi;

/** Every slot of the model stayed busy for longer than the {@code queueTimeout} option; nothing was generated. */
public class LlmQueueTimeoutException extends LlmException {

    public LlmQueueTimeoutException(String message) {
        super(message);
    }
}
