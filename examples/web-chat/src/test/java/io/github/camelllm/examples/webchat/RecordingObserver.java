package io.github.camelllm.examples.webchat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;

import io.github.camelllm.spi.LlmCallInfo;
import io.github.camelllm.spi.LlmObserver;

/** Records how every generation of the application ended (the llm component finds observers in the registry). */
@Singleton
@Unremovable
public class RecordingObserver implements LlmObserver {

    private final List<LlmCallInfo> generations = new CopyOnWriteArrayList<>();

    @Override
    public void onGeneration(LlmCallInfo info) {
        generations.add(info);
    }

    void clear() {
        generations.clear();
    }

    /** Waits for the first {@code llm:stream} generation recorded since {@link #clear()} to end. */
    LlmCallInfo awaitStream(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (LlmCallInfo info : generations) {
                if (info.operation().equals("stream")) {
                    return info;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no llm:stream generation ended within " + timeout + "; recorded: " + generations);
    }
}
