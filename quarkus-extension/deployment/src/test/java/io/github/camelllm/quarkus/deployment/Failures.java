package io.github.camelllm.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.fail;

final class Failures {

    private Failures() {}

    /** Passes when the throwable or one of its causes has a message containing the text. */
    static void assertMessage(Throwable t, String text) {
        StringBuilder seen = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && c.getMessage().contains(text)) {
                return;
            }
            seen.append("\n  ").append(c);
        }
        fail("expected a failure mentioning '" + text + "', got:" + seen);
    }
}
