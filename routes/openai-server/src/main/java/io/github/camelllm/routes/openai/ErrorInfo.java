package io.github.camelllm.routes.openai;

import io.github.camelllm.spi.LlmHttpException;
import io.github.camelllm.spi.LlmInvalidRequestException;
import io.github.camelllm.spi.LlmQueueTimeoutException;
import io.github.camelllm.spi.LlmTimeoutException;

/** How an exception is reported: HTTP status, OpenAI error type and message. */
record ErrorInfo(int status, String type, String message) {

    static ErrorInfo of(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof OpenAiRequestException r) {
            return new ErrorInfo(r.getStatus(), r.getType(), message);
        }
        if (e instanceof LlmInvalidRequestException) {
            // includes LlmContextLengthExceededException
            return new ErrorInfo(400, "invalid_request_error", message);
        }
        if (e instanceof LlmQueueTimeoutException) {
            return new ErrorInfo(503, "unavailable_error", message);
        }
        if (e instanceof LlmTimeoutException) {
            return new ErrorInfo(504, "timeout_error", message);
        }
        if (e instanceof LlmHttpException h) {
            return new ErrorInfo(
                    h.getStatusCode() == 429 || h.getStatusCode() == 503 ? 503 : 502,
                    h.getStatusCode() == 429 || h.getStatusCode() == 503 ? "unavailable_error" : "server_error",
                    message);
        }
        return new ErrorInfo(500, "server_error", message);
    }
}
