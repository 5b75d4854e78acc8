package io.github.camelllm.component;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.camelllm.spi.LlmCachedResponse;
import io.github.camelllm.spi.LlmResponseCache;

/**
 * The response cache as one producer uses it: the store (the cacheStore bean, or the component's in-memory store for
 * cacheMaxEntries) and the ttl. A store that fails is logged and treated as a miss, or as not storing: the cache
 * never fails an exchange.
 */
final class ResponseCaching {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseCaching.class);
    static final ResponseCaching DISABLED = new ResponseCaching(null, Duration.ZERO);
    static final int MAX_ENTRIES_LIMIT = 10_000_000;

    private final LlmResponseCache store;
    private final Duration ttl;

    private ResponseCaching(LlmResponseCache store, Duration ttl) {
        this.store = store;
        this.ttl = ttl;
    }

    /**
     * The cache of a producer of {@code endpoint}. The options are checked whether or not the cache is enabled, so that
     * a bad value fails the route start.
     *
     * @param cacheable false for producers whose results are never cached (stream, streamTo): the cache is then off,
     *                  and an enabled cache is only mentioned in the log
     */
    static ResponseCaching create(LlmEndpoint endpoint, boolean cacheable) {
        LlmConfiguration c = endpoint.getConfiguration();
        check(c);
        if (!c.isCacheEnabled()) {
            return DISABLED;
        }
        if (!cacheable) {
            LOG.info(
                    "{}: cacheEnabled is ignored: llm:stream and streamTo deliver chunks as the model generates them, so their"
                            + " answers are never cached",
                    endpoint.getEndpointBaseUri());
            return DISABLED;
        }
        LlmResponseCache store = c.getCacheStore() != null
                ? c.getCacheStore()
                : endpoint.getComponent().defaultResponseCache(c.getCacheMaxEntries());
        return new ResponseCaching(store, Duration.ofMillis(c.getCacheTtl()));
    }

    static void check(LlmConfiguration c) {
        if (c.getCacheMaxEntries() < 1 || c.getCacheMaxEntries() > MAX_ENTRIES_LIMIT) {
            throw RequestOptions.invalid(
                    "cacheMaxEntries", c.getCacheMaxEntries(), "must be between 1 and " + MAX_ENTRIES_LIMIT);
        }
        if (c.getCacheTtl() < 0) {
            throw RequestOptions.invalid(
                    "cacheTtl", c.getCacheTtl(), "must be 0 (no expiry) or a positive number of milliseconds");
        }
    }

    boolean enabled() {
        return store != null;
    }

    /** The stored response, or null on a miss or when the store failed. */
    LlmCachedResponse lookup(String key) {
        try {
            return store.get(key);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Response cache {} failed to read key {}; the model answers instead: {}", store, key, e.toString());
            return null;
        }
    }

    void store(String key, LlmCachedResponse response) {
        try {
            store.put(key, response, ttl);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Response cache {} failed to store key {}; the answer is not cached: {}", store, key, e.toString());
        }
    }
}
