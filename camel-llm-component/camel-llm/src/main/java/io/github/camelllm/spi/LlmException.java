package io.github.camelllm.spi;

import org.apache.camel.RuntimeCamelException;

/** Base class of the errors raised by the llm component; {@code onException} can match on the subclasses. */
public class LlmException extends RuntimeCamelException {

    public LlmException(String message) {
        super(message);
    }

    public LlmException(String message, Throwable cause) {
        super(message, cause);
    }
}
