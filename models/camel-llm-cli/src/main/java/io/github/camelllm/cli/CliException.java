package io.github.camelllm.cli;

/** A failure the CLI reports as a one-line error with exit code 1 (or another code). */
final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final int exitCode;

    CliException(String message, String reason) {
        this(message, reason, Main.FAILURE);
    }

    CliException(String message, String reason, int exitCode) {
        super(message);
        this.reason = reason;
        this.exitCode = exitCode;
    }

    /** @return a stable machine-readable reason, e.g. {@code UNKNOWN_MODEL} */
    String reason() {
        return reason;
    }

    int exitCode() {
        return exitCode;
    }
}
