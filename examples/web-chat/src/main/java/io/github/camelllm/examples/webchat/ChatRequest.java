package io.github.camelllm.examples.webchat;

import java.util.List;
import java.util.Map;

/**
 * A checked request of the web chat: one user message, and optionally a token limit that overrides the route's
 * {@code maxTokens} for this request.
 *
 * @param prompt    the user's message, not blank
 * @param maxTokens the token limit, or null for the route's own
 */
record ChatRequest(String prompt, Integer maxTokens) {

    /** Longest accepted message; the model's context may still be too small for it (reported as an error event). */
    static final int MAX_PROMPT_CHARS = 4000;
    /** Largest accepted {@code maxTokens}. */
    static final int MAX_TOKENS_LIMIT = 4096;

    /** Checks the query parameters; the message of the exception says what is wrong, for the user to read. */
    static ChatRequest of(String prompt, String maxTokens) {
        if (prompt == null || prompt.isBlank()) {
            throw new InvalidChatRequestException("the prompt is empty: type a message");
        }
        if (prompt.length() > MAX_PROMPT_CHARS) {
            throw new InvalidChatRequestException(
                    "the prompt has " + prompt.length() + " characters, at most " + MAX_PROMPT_CHARS + " are accepted");
        }
        Integer limit = null;
        if (maxTokens != null && !maxTokens.isBlank()) {
            try {
                limit = Integer.valueOf(maxTokens.strip());
            } catch (NumberFormatException e) {
                throw new InvalidChatRequestException("maxTokens must be a whole number, got '" + maxTokens + "'");
            }
            if (limit < 1 || limit > MAX_TOKENS_LIMIT) {
                throw new InvalidChatRequestException(
                        "maxTokens must be between 1 and " + MAX_TOKENS_LIMIT + ", got " + limit);
            }
        }
        return new ChatRequest(prompt, limit);
    }

    /**
     * The body sent to the routes: a conversation of one user message. A list is always a conversation for
     * {@code llm:stream} and {@code llm:chat}, whatever the text looks like (a prompt string starting with {@code [}
     * would be read as a JSON array).
     */
    List<Map<String, String>> conversation() {
        return List.of(Map.of("role", "user", "content", prompt));
    }

    /** A request the user has to correct; answered with HTTP 400. */
    static final class InvalidChatRequestException extends RuntimeException {
        InvalidChatRequestException(String message) {
            super(message);
        }
    }
}
