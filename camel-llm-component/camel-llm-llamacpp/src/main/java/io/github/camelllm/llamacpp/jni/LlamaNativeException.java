package io.github.camelllm.llamacpp.jni;

/**
 * An error reported by the native layer: a C++ exception or a failed llama.cpp call, caught at the JNI boundary.
 * {@link #kind()} says what failed ({@code model}, {@code context}, {@code grammar}, {@code schema}, {@code argument},
 * {@code decode}, {@code internal}); the engine turns it into the component's typed exceptions.
 */
public final class LlamaNativeException extends RuntimeException {

    private final String kind;

    public LlamaNativeException(String kind, String message) {
        super(message);
        this.kind = kind;
    }

    public String kind() {
        return kind;
    }
}
