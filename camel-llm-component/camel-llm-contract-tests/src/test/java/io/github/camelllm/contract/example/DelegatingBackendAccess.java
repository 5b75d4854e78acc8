package io.github.camelllm.contract.example;

/** What the contract test reads of the example backend. */
public final class DelegatingBackendAccess {

    private DelegatingBackendAccess() {}

    /** Output tokens the example backend has served in this JVM. */
    public static long outputTokens() {
        return DelegatingBackend.OUTPUT_TOKENS.get();
    }
}
