package io.github.camelllm.quarkus;

import jakarta.inject.Singleton;

/** Whether the model loaded at startup is ready; read by the readiness check. */
@Singleton
public class LlmModelStatus {

    /** Where the startup load is. */
    public enum State {
        /** {@code load-at-startup=false}: models load with the routes that use them. */
        NOT_REQUESTED,
        /** Waiting for, or in, the startup load. */
        LOADING,
        /** Loaded and ready. */
        READY,
        /** The startup load failed. */
        FAILED
    }

    private volatile State state = State.LOADING;
    private volatile long loadMillis = -1;
    private volatile String detail;
    private volatile String error;

    public State state() {
        return state;
    }

    public long loadMillis() {
        return loadMillis;
    }

    public String detail() {
        return detail;
    }

    public String error() {
        return error;
    }

    void notRequested() {
        state = State.NOT_REQUESTED;
    }

    void loading(String what) {
        detail = what;
        state = State.LOADING;
    }

    void ready(long millis) {
        loadMillis = millis;
        state = State.READY;
    }

    void failed(String error) {
        this.error = error;
        state = State.FAILED;
    }
}
