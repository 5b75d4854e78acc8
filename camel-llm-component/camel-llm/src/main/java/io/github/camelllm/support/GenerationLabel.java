package io.github.camelllm.support;

import io.github.camelllm.spi.LlmCancelledException;
import io.github.camelllm.spi.LlmTimeoutException;

/**
 * How a generation names itself in the errors of a {@link GenerationDriver}.
 *
 * @param model the model's name
 * @param url   where the generation runs, or null to leave it out (an in-process model)
 * @param unit  what the driver counts, plural: {@code tokens}, {@code text chunks}, {@code pieces}
 */
public record GenerationLabel(String model, String url, String unit) {

    /** The error of a generation that ran past its {@code timeout}; {@code when} ends the sentence. */
    public LlmTimeoutException timeout(long timeoutMillis, String when) {
        return new LlmTimeoutException(subject() + " exceeded the timeout of " + timeoutMillis + " ms " + when);
    }

    /** The error of a generation cut by its timeout after {@code units} pieces. */
    public LlmTimeoutException timeoutAfter(long timeoutMillis, int units) {
        return timeout(timeoutMillis, "after " + units + " " + unit + " and was cancelled");
    }

    /** The error of a generation cancelled (closed before its end) after {@code units} pieces. */
    public LlmCancelledException cancelledAfter(int units) {
        return new LlmCancelledException(subject() + " was cancelled after " + units + " " + unit);
    }

    private String subject() {
        return "generation with model " + model + (url == null ? "" : " at " + url);
    }
}
