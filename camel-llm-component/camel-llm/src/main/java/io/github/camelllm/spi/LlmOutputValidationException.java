package io.github.camelllm.spi;

/** The generated text does not satisfy the requested format ({@code jsonSchema}). */
public class LlmOutputValidationException extends LlmException {

    private final String output;

    public LlmOutputValidationException(String message, String output) {
        super(message);
        this.output = output;
    }

    /** The text the model generated. */
    public String getOutput() {
        return output;
    }
}
