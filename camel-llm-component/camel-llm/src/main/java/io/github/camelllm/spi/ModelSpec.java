package io.github.camelllm.spi;

import java.util.Locale;
import java.util.Set;

/**
 * A model option value: {@code name} or {@code name@backend} (local, openai, ollama). Only the last {@code @} counts,
 * so names that contain one stay usable.
 *
 * @param backend null when the spec names no backend
 */
public record ModelSpec(String name, String backend) {

    public static final Set<String> BACKENDS = Set.of("local", "openai", "ollama");

    public static ModelSpec parse(String value) {
        if (value == null || value.isBlank()) {
            return new ModelSpec(null, null);
        }
        String v = value.trim();
        int at = v.lastIndexOf('@');
        if (at < 0) {
            return new ModelSpec(v, null);
        }
        String suffix = v.substring(at + 1).toLowerCase(Locale.ROOT);
        if (!BACKENDS.contains(suffix)) {
            return new ModelSpec(v, null);
        }
        String name = v.substring(0, at);
        if (name.isBlank()) {
            throw new LlmInvalidRequestException(
                    "option model '" + value + "' names a backend but no model before the @");
        }
        return new ModelSpec(name, suffix);
    }
}
