package io.github.camelllm.spi;

import java.util.List;
import java.util.Locale;

/**
 * One turn of a chat conversation.
 *
 * <p>The role is matched case-insensitively and stored in lower case; it must be one of
 * {@link #ROLES} ({@code system}, {@code user}, {@code assistant}, {@code tool}). The content
 * must not be {@code null} but may be empty (for instance an empty assistant turn).
 *
 * @param role    the speaker: {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content the text of the turn
 */
public record ChatMessage(String role, String content) {

    /** The roles a message may have, in their canonical (lower-case) spelling. */
    public static final List<String> ROLES = List.of("system", "user", "assistant", "tool");

    /**
     * Validates and normalizes the message.
     *
     * @param role    the role, matched case-insensitively
     * @param content the text, not {@code null}
     * @throws IllegalArgumentException if the role is missing or not one of {@link #ROLES}, or
     *                                  the content is {@code null}
     */
    public ChatMessage {
        if (role == null) {
            throw new IllegalArgumentException("chat message role is missing");
        }
        String normalized = normalizeRole(role);
        if (normalized == null) {
            throw new IllegalArgumentException(
                    "chat message role '" + role + "' is not one of " + String.join(", ", ROLES));
        }
        role = normalized;
        if (content == null) {
            throw new IllegalArgumentException("chat message content is missing");
        }
    }

    /**
     * A system message.
     *
     * @param content the system prompt
     * @return the message
     */
    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    /**
     * A user message.
     *
     * @param content what the user says
     * @return the message
     */
    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }

    /**
     * An assistant message.
     *
     * @param content what the assistant said
     * @return the message
     */
    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content);
    }

    /**
     * A tool-result message.
     *
     * @param content the tool's output
     * @return the message
     */
    public static ChatMessage tool(String content) {
        return new ChatMessage("tool", content);
    }

    /** Lower-cased role if it is one of {@link #ROLES}, otherwise {@code null}. */
    public static String normalizeRole(String role) {
        String lower = role.trim().toLowerCase(Locale.ROOT);
        return ROLES.contains(lower) ? lower : null;
    }
}
