package io.github.camelllm.spi;

/**
 * How {@link LlmBackend#health} checks a backend.
 *
 * @param timeoutMillis how long a check may wait for the server (a remote backend's GET, the generation probe)
 * @param cacheMillis   how long a result is reused before the server is asked (or the probe run) again; 0 never
 *                      reuses one
 * @param probe         besides the cheap check, send the smallest real request: {@link Probe#NONE} for none
 * @param chatTemplate  the chat template of a {@link Probe#CHAT} probe (a built-in name or Jinja text), or null for the
 *                      model's own
 */
public record LlmHealthOptions(long timeoutMillis, long cacheMillis, Probe probe, String chatTemplate) {

    /** The request a probe sends. */
    public enum Probe {
        /** No request: the model is loaded, or the server answers its cheapest GET. */
        NONE,
        /** A one-token completion of a one-word prompt (llm:call, llm:stream). */
        PROMPT,
        /** A one-token answer to a one-message conversation (llm:chat). */
        CHAT,
        /** The embedding of one word (llm:embed). */
        EMBEDDING
    }

    public static final long DEFAULT_TIMEOUT_MILLIS = 2000;
    public static final long DEFAULT_CACHE_MILLIS = 5000;

    public LlmHealthOptions {
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeoutMillis must be positive, got " + timeoutMillis);
        }
        if (cacheMillis < 0) {
            throw new IllegalArgumentException("cacheMillis must be 0 or positive, got " + cacheMillis);
        }
        probe = probe == null ? Probe.NONE : probe;
    }

    /** A 2 s timeout, results reused for 5 s, no probe. */
    public static LlmHealthOptions defaults() {
        return new LlmHealthOptions(DEFAULT_TIMEOUT_MILLIS, DEFAULT_CACHE_MILLIS, Probe.NONE, null);
    }

    public LlmHealthOptions withProbe(Probe probe, String chatTemplate) {
        return new LlmHealthOptions(timeoutMillis, cacheMillis, probe, chatTemplate);
    }
}
