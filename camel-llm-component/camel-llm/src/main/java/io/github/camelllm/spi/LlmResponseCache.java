package io.github.camelllm.spi;

import java.time.Duration;

/**
 * Where the llm component keeps the answers of {@code llm:call}, {@code llm:chat} and {@code llm:embed} when
 * {@code cacheEnabled=true}. The default is a bounded in-memory store per CamelContext
 * ({@code io.github.camelllm.cache.CaffeineResponseCache}); an application supplies its own (Redis, Infinispan, a
 * database, ...) as a bean, referenced with the {@code cacheStore} option ({@code cacheStore=#bean:myStore}).
 * <p>
 * Keys are lowercase hexadecimal SHA-256 digests (64 characters) of everything that determines the answer, so one store
 * may be shared by every endpoint, CamelContext and JVM using the same models. {@code io.github.camelllm.cache.LlmCachedResponseCodec} turns a
 * response into a compact, exact JSON string for stores that keep text or bytes.
 * <p>
 * Implementations must be thread-safe. An exception thrown by {@link #get} or {@link #put} is logged and the exchange
 * carries on without the cache (a miss, or an answer that is not stored): a store that is down never fails a route.
 */
public interface LlmResponseCache {

    /** The response stored under {@code key}, or null when there is none (or it expired). */
    LlmCachedResponse get(String key);

    /**
     * Stores a response of a request that completed successfully.
     *
     * @param ttl how long the response may be served; {@link Duration#ZERO} means no expiry (the store may still evict)
     */
    void put(String key, LlmCachedResponse response, Duration ttl);
}
