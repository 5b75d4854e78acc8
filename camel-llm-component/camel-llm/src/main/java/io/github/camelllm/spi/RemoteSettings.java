package io.github.camelllm.remote;

import java.net.URI;
import java.time.Duration;

import io.github.camelllm.component.LlmConfiguration;
import io.github.camelllm.component.LlmInvalidRequestException;

/**
 * The HTTP side of an endpoint's configuration, checked once when the producer starts.
 *
 * @param baseUrl  without a trailing slash
 * @param apiKey   null when none; never logged
 */
public record RemoteSettings(String baseUrl, String model, String apiKey, Duration connectTimeout, Duration requestTimeout,
                             int maxRetries, String keepAlive) {

    /** Builds the settings for a backend, with that backend's default base URL when none is configured. */
    public static RemoteSettings of(LlmConfiguration c, String defaultBaseUrl, String apiKeyFallback) {
        String base = c.getBaseUrl() == null || c.getBaseUrl().isBlank() ? defaultBaseUrl : c.getBaseUrl().trim();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(base);
        } catch (IllegalArgumentException e) {
            throw new LlmInvalidRequestException("option baseUrl '" + base + "' is not a valid URL: " + e.getMessage());
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
            throw new LlmInvalidRequestException("option baseUrl '" + base + "' must be an http:// or https:// URL with a host");
        }
        if (c.getConnectTimeout() <= 0) {
            throw new LlmInvalidRequestException("option connectTimeout=" + c.getConnectTimeout() + " is out of range: must be positive milliseconds");
        }
        if (c.getRequestTimeout() <= 0) {
            throw new LlmInvalidRequestException("option requestTimeout=" + c.getRequestTimeout() + " is out of range: must be positive milliseconds");
        }
        if (c.getMaxRetries() < 0 || c.getMaxRetries() > 10) {
            throw new LlmInvalidRequestException("option maxRetries=" + c.getMaxRetries() + " is out of range: must be between 0 and 10");
        }
        String key = c.getApiKey() != null && !c.getApiKey().isBlank() ? c.getApiKey() : apiKeyFallback;
        return new RemoteSettings(base, ModelSpec.parse(c.getModel()).name(), key, Duration.ofMillis(c.getConnectTimeout()),
                Duration.ofMillis(c.getRequestTimeout()), c.getMaxRetries(), c.getKeepAlive());
    }

    @Override
    public String toString() {
        return "RemoteSettings[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + (apiKey == null ? "none" : "***") + "]";
    }
}
