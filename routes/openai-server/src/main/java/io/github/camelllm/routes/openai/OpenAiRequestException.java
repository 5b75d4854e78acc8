package io.github.camelllm.routes.openai;

/** A request the OpenAI API rejects before it reaches the model: bad JSON, a missing or ill-typed field, an unknown path. */
public class OpenAiRequestException extends RuntimeException {

    private final int status;
    private final String type;

    public OpenAiRequestException(int status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    /** A 400 invalid_request_error. */
    public static OpenAiRequestException invalid(String message) {
        return new OpenAiRequestException(400, "invalid_request_error", message);
    }

    /** The HTTP status to answer with. */
    public int getStatus() {
        return status;
    }

    /** The OpenAI error type, e.g. invalid_request_error. */
    public String getType() {
        return type;
    }
}
