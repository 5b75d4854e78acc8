package io.github.camelllm.spi;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether an llm backend (or an endpoint) can serve requests now: the answer of {@link LlmBackend#health} and of
 * {@code LlmEndpoint#health()}, for readiness checks (Camel's health checks, Quarkus SmallRye Health, ...).
 *
 * @param up      true when requests can be served
 * @param backend {@code local}, {@code openai}, {@code ollama}, ... (may be null when unknown)
 * @param model   the model name, file or spec (may be null when unknown)
 * @param url     where the model is: the server's base URL for a remote backend, the GGUF file for the local one
 * @param message why it is down (or a short note when up), or null
 * @param error   the failure behind a DOWN, or null
 * @param details further facts, in a stable order: state, HTTP status, slots, probe result, ...
 */
public record LlmHealth(
        boolean up,
        String backend,
        String model,
        String url,
        String message,
        Throwable error,
        Map<String, Object> details) {

    public LlmHealth {
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static LlmHealth up(String backend, String model, String url, Map<String, Object> details) {
        return new LlmHealth(true, backend, model, url, null, null, details);
    }

    public static LlmHealth down(
            String backend, String model, String url, String message, Throwable error, Map<String, Object> details) {
        return new LlmHealth(false, backend, model, url, message, error, details);
    }

    /** The same result with one more detail. */
    public LlmHealth withDetail(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(details);
        more.put(key, value);
        return new LlmHealth(up, backend, model, url, message, error, more);
    }

    /** The same facts, down for {@code why}. */
    public LlmHealth asDown(String why, Throwable cause) {
        return new LlmHealth(false, backend, model, url, why, cause, details);
    }
}
