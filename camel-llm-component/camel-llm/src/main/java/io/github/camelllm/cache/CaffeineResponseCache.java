package io.github.camelllm.cache;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.github.camelllm.spi.LlmCachedResponse;
import io.github.camelllm.spi.LlmResponseCache;

/**
 * The default {@link LlmResponseCache}: an in-memory Caffeine cache holding at most {@code maxEntries} responses, each
 * expiring after the ttl it was stored with. When full, Caffeine evicts by its W-TinyLFU policy (entries that are
 * rarely asked for go first). Maintenance runs on the calling thread: no thread of its own.
 */
public final class CaffeineResponseCache implements LlmResponseCache {

    private record Entry(LlmCachedResponse response, long ttlNanos) {}

    private static final class PerEntryTtl implements Expiry<String, Entry> {
        @Override
        public long expireAfterCreate(String key, Entry entry, long currentTime) {
            return entry.ttlNanos();
        }

        @Override
        public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
            return entry.ttlNanos();
        }

        @Override
        public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    private final int maxEntries;
    private final Cache<String, Entry> cache;

    public CaffeineResponseCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfter(new PerEntryTtl())
                .executor(Runnable::run)
                .build();
    }

    @Override
    public LlmCachedResponse get(String key) {
        Entry e = cache.getIfPresent(key);
        return e == null ? null : e.response();
    }

    @Override
    public void put(String key, LlmCachedResponse response, Duration ttl) {
        cache.put(key, new Entry(response, nanos(ttl)));
    }

    private static long nanos(Duration ttl) {
        if (ttl == null || ttl.isZero() || ttl.isNegative()) {
            return Long.MAX_VALUE;
        }
        try {
            return ttl.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** Number of responses held, after pending evictions have been applied. */
    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    public int maxEntries() {
        return maxEntries;
    }

    /** Drops every response. */
    public void clear() {
        cache.invalidateAll();
        cache.cleanUp();
    }

    @Override
    public String toString() {
        return "CaffeineResponseCache[maxEntries=" + maxEntries + "]";
    }
}
