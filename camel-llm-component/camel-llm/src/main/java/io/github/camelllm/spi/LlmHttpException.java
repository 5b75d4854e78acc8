package io.github.camelllm.spi;

/**
 * A remote backend answered with an HTTP error, or could not be reached. {@link #isRetriable()} tells whether trying
 * again may succeed (429, 5xx, connection failures), so that {@code onException}, redelivery or a
 * {@code circuitBreaker} can act on it.
 */
public class LlmHttpException extends LlmException {

    private final int statusCode;
    private final String serverMessage;
    private final boolean retriable;
    private final String url;

    public LlmHttpException(String url, int statusCode, String serverMessage, boolean retriable, Throwable cause) {
        super(describe(url, statusCode, serverMessage), cause);
        this.url = url;
        this.statusCode = statusCode;
        this.serverMessage = serverMessage;
        this.retriable = retriable;
    }

    private static String describe(String url, int statusCode, String serverMessage) {
        String what = statusCode > 0 ? "HTTP " + statusCode : "request failed";
        return what + " from " + url + (serverMessage == null || serverMessage.isBlank() ? "" : ": " + serverMessage);
    }

    /** HTTP status, or 0 when no response was received (connection refused, reset, malformed response). */
    public int getStatusCode() {
        return statusCode;
    }

    /** The error message the server sent (OpenAI {"error":{"message"}} / Ollama {"error"}), or the failure's text. */
    public String getServerMessage() {
        return serverMessage;
    }

    /** True for 429, 5xx and connection failures: the same request may succeed later. */
    public boolean isRetriable() {
        return retriable;
    }

    /** The URL that failed (never includes credentials). */
    public String getUrl() {
        return url;
    }
}
