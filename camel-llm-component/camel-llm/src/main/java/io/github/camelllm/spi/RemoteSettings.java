package io.github.camelllm.spi;

import java.time.Duration;

/**
 * The HTTP side of an endpoint's configuration, checked once when the producer starts.
 *
 * @param baseUrl  without a trailing slash; null until {@link #withDefaults} puts the backend's default in
 * @param apiKey   null when none; never logged
 */
public record RemoteSettings(
        String baseUrl,
        String model,
        String apiKey,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxRetries,
        String keepAlive) {

    /**
     * These settings with a backend's defaults where the endpoint set nothing: its base URL, and an API key from
     * elsewhere (e.g. the OPENAI_API_KEY environment variable).
     */
    public RemoteSettings withDefaults(String defaultBaseUrl, String apiKeyFallback) {
        return new RemoteSettings(
                baseUrl != null ? baseUrl : defaultBaseUrl,
                model,
                apiKey != null ? apiKey : apiKeyFallback,
                connectTimeout,
                requestTimeout,
                maxRetries,
                keepAlive);
    }

    @Override
    public String toString() {
        return "RemoteSettings[baseUrl=" + baseUrl + ", model=" + model + ", apiKey="
                + (apiKey == null ? "none" : "***") + "]";
    }
}
