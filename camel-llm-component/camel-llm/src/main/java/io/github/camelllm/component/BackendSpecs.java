package io.github.camelllm.component;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import io.github.camelllm.spi.BackendSpec;
import io.github.camelllm.spi.LlmInvalidRequestException;
import io.github.camelllm.spi.LlmOperation;
import io.github.camelllm.spi.LoadOptions;
import io.github.camelllm.spi.ModelSpec;
import io.github.camelllm.spi.RemoteSettings;

/**
 * Turns an endpoint's options into the {@link BackendSpec} its backend is created with. Every load and connection
 * option is range-checked here, once, for every backend.
 */
public final class BackendSpecs {

    /** The context sizes any backend accepts. */
    static final int MIN_CONTEXT = 16;

    static final int MAX_CONTEXT = 1_048_576;

    private BackendSpecs() {}

    /**
     * @param modelFile the local model file the component resolved, or null for a remote backend
     */
    static BackendSpec of(String backend, LlmOperation operation, LlmConfiguration c, Path modelFile) {
        return new BackendSpec(backend, operation, modelFile, remote(c), load(c));
    }

    public static LoadOptions load(LlmConfiguration c) {
        if (c.getContextSize() != null && (c.getContextSize() < MIN_CONTEXT || c.getContextSize() > MAX_CONTEXT)) {
            throw RequestOptions.invalid(
                    "contextSize", c.getContextSize(), "must be between " + MIN_CONTEXT + " and " + MAX_CONTEXT);
        }
        if (c.getMaxContextSize() < MIN_CONTEXT || c.getMaxContextSize() > MAX_CONTEXT) {
            throw RequestOptions.invalid(
                    "maxContextSize", c.getMaxContextSize(), "must be between " + MIN_CONTEXT + " and " + MAX_CONTEXT);
        }
        if (c.getParallel() < 1 || c.getParallel() > 64) {
            throw RequestOptions.invalid("parallel", c.getParallel(), "must be between 1 and 64");
        }
        if (c.getThreads() != null && (c.getThreads() < 1 || c.getThreads() > 1024)) {
            throw RequestOptions.invalid(
                    "threads", c.getThreads(), "must be between 1 and 1024 (unset: llama.cpp's default)");
        }
        if (c.getGpuLayers() < -1 || c.getGpuLayers() > 100_000) {
            throw RequestOptions.invalid(
                    "gpuLayers", c.getGpuLayers(), "must be -1 (all), 0 (CPU only) or a layer count");
        }
        return new LoadOptions(
                c.getContextSize(), c.getMaxContextSize(), c.getParallel(), c.getThreads(), c.getGpuLayers());
    }

    /** The HTTP settings; baseUrl and apiKey stay null when unset, for the backend's defaults. */
    public static RemoteSettings remote(LlmConfiguration c) {
        String base = null;
        if (c.getBaseUrl() != null && !c.getBaseUrl().isBlank()) {
            base = c.getBaseUrl().trim();
            while (base.endsWith("/")) {
                base = base.substring(0, base.length() - 1);
            }
            checkUrl(base);
        }
        if (c.getConnectTimeout() <= 0) {
            throw RequestOptions.invalid("connectTimeout", c.getConnectTimeout(), "must be positive milliseconds");
        }
        if (c.getRequestTimeout() <= 0) {
            throw RequestOptions.invalid("requestTimeout", c.getRequestTimeout(), "must be positive milliseconds");
        }
        if (c.getMaxRetries() < 0 || c.getMaxRetries() > 10) {
            throw RequestOptions.invalid("maxRetries", c.getMaxRetries(), "must be between 0 and 10");
        }
        String key = c.getApiKey() != null && !c.getApiKey().isBlank() ? c.getApiKey() : null;
        return new RemoteSettings(
                base,
                ModelSpec.parse(c.getModel()).name(),
                key,
                Duration.ofMillis(c.getConnectTimeout()),
                Duration.ofMillis(c.getRequestTimeout()),
                c.getMaxRetries(),
                c.getKeepAlive());
    }

    private static void checkUrl(String base) {
        URI uri;
        try {
            uri = URI.create(base);
        } catch (IllegalArgumentException e) {
            throw new LlmInvalidRequestException("option baseUrl '" + base + "' is not a valid URL: " + e.getMessage());
        }
        if (uri.getScheme() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new LlmInvalidRequestException(
                    "option baseUrl '" + base + "' must be an http:// or https:// URL with a host");
        }
    }
}
