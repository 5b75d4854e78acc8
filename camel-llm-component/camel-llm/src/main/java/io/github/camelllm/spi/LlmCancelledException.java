package io.github.camelllm.spi;

/** A streamed generation was cancelled (consumer stopped early, the exchange failed, or the route stopped). */
public class LlmCancelledException extends LlmException {

    public LlmCancelledException(String message) {
        super(message);
    }
}
