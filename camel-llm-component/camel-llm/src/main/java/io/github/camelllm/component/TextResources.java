package io.github.camelllm.component;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.support.ResourceHelper;

import io.github.camelllm.spi.LlmInvalidRequestException;

/**
 * Loads the text options that may be references (chatTemplate, jsonSchema, grammar): {@code file:},
 * {@code classpath:}, {@code http(s):} or {@code ref:}/{@code bean:} values are read once through Camel's resource
 * loader and cached; anything else is the text itself. Jinja templates need this in URIs, where Camel would take their
 * {@code {{ }}} for property placeholders.
 */
final class TextResources {

    private static final String[] PREFIXES = {"file:", "classpath:", "http:", "https:", "ref:", "bean:"};

    private final CamelContext context;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    TextResources(CamelContext context) {
        this.context = context;
    }

    String resolve(String option, String value) {
        if (value == null || !isReference(value.trim())) {
            return value;
        }
        String ref = value.trim();
        return cache.computeIfAbsent(ref, k -> load(option, k));
    }

    static boolean isReference(String value) {
        for (String p : PREFIXES) {
            if (value.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private String load(String option, String ref) {
        try {
            try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(context, ref)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (Exception e) {
            throw new LlmInvalidRequestException(
                    "option " + option + " refers to " + ref + ", which cannot be read: " + e.getMessage(), e);
        }
    }
}
