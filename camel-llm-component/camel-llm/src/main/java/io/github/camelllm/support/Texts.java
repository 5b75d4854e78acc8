package io.github.camelllm.support;

/** Text helpers for error messages: shortening what a server or a user sent, hiding secrets in it. */
public final class Texts {

    private Texts() {}

    /** {@code s} cut to at most {@code max} characters, ending in "..." when cut; null stays null. */
    public static String abbreviate(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        return s.substring(0, Math.max(0, max - 3)) + "...";
    }

    /** {@code text} with every occurrence of {@code secret} replaced by {@code ***}; a null or empty secret changes nothing. */
    public static String redact(String text, String secret) {
        return text == null || secret == null || secret.isEmpty() ? text : text.replace(secret, "***");
    }
}
