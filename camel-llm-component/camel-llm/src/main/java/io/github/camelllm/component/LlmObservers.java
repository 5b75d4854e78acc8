package io.github.camelllm.component;

import java.util.List;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.github.camelllm.spi.ChatMessage;
import io.github.camelllm.spi.GenerationRequest;
import io.github.camelllm.spi.LlmBackend;
import io.github.camelllm.spi.LlmCachedResponse;
import io.github.camelllm.spi.LlmCallInfo;
import io.github.camelllm.spi.LlmChunk;
import io.github.camelllm.spi.LlmObserver;

/** The observers of one producer, found in the registry when it starts; their failures are logged, never thrown. */
final class LlmObservers {

    private static final Logger LOG = LoggerFactory.getLogger(LlmObservers.class);
    static final LlmObservers NONE = new LlmObservers(List.of());

    private final List<LlmObserver> observers;
    private final List<Boolean> wantsContent;
    private final boolean anyWantsContent;

    private LlmObservers(List<LlmObserver> observers) {
        this.observers = observers;
        this.wantsContent = observers.stream().map(LlmObservers::recordsContent).toList();
        this.anyWantsContent = wantsContent.contains(Boolean.TRUE);
    }

    private static boolean recordsContent(LlmObserver o) {
        try {
            return o.recordsContent();
        } catch (RuntimeException e) {
            LOG.warn(
                    "LlmObserver {} failed to say whether it records content: {}",
                    o.getClass().getName(),
                    e.toString());
            return false;
        }
    }

    /** Whether some observer wants the prompt and generated text (so the caller keeps the text). */
    boolean wantContent() {
        return anyWantsContent;
    }

    static LlmObservers lookup(CamelContext context) {
        Set<LlmObserver> found = context.getRegistry().findByType(LlmObserver.class);
        return found == null || found.isEmpty() ? NONE : new LlmObservers(List.copyOf(found));
    }

    boolean isEmpty() {
        return observers.isEmpty();
    }

    void generation(String operation, LlmBackend backend, LlmChunk last, long startNanos, Throwable error) {
        generation(operation, backend, last, startNanos, errorType(error), null, null);
    }

    void generation(String operation, LlmBackend backend, LlmChunk last, long startNanos, String errorType) {
        generation(operation, backend, last, startNanos, errorType, null, null);
    }

    /** A generation ended; {@code request} and {@code output} are passed on only to observers that record content. */
    void generation(
            String operation,
            LlmBackend backend,
            LlmChunk last,
            long startNanos,
            String errorType,
            GenerationRequest request,
            CharSequence output) {
        if (observers.isEmpty()) {
            return;
        }
        LlmCallInfo info = new LlmCallInfo(
                operation,
                safe(backend, true),
                safe(backend, false),
                last == null ? null : last.getInputTokens(),
                last == null ? null : last.getOutputTokens(),
                last == null ? null : last.getFinishReason(),
                elapsedMs(startNanos),
                last == null ? null : last.getTimeToFirstTokenMs(),
                errorType);
        LlmCallInfo withContent = anyWantsContent && request != null
                ? info.withContent(input(request), output == null ? null : output.toString())
                : info;
        for (int i = 0; i < observers.size(); i++) {
            LlmObserver o = observers.get(i);
            try {
                o.onGeneration(wantsContent.get(i) ? withContent : info);
            } catch (Throwable t) {
                LOG.warn(
                        "LlmObserver {} failed on a generation: {}",
                        o.getClass().getName(),
                        t.toString(),
                        t);
            }
        }
    }

    void embedding(LlmBackend backend, Integer inputTokens, long startNanos, Throwable error) {
        if (observers.isEmpty()) {
            return;
        }
        LlmCallInfo info = new LlmCallInfo(
                "embed",
                safe(backend, true),
                safe(backend, false),
                inputTokens,
                null,
                null,
                elapsedMs(startNanos),
                null,
                errorType(error));
        for (LlmObserver o : observers) {
            try {
                o.onEmbedding(info);
            } catch (Throwable t) {
                LOG.warn(
                        "LlmObserver {} failed on an embedding: {}",
                        o.getClass().getName(),
                        t.toString(),
                        t);
            }
        }
    }

    void cacheHit(String operation, LlmCachedResponse hit, long startNanos) {
        if (observers.isEmpty()) {
            return;
        }
        LlmCallInfo info = new LlmCallInfo(
                operation,
                hit.backend(),
                hit.model(),
                hit.inputTokens(),
                hit.outputTokens(),
                hit.finishReason(),
                elapsedMs(startNanos),
                hit.timeToFirstTokenMs(),
                null);
        for (LlmObserver o : observers) {
            try {
                o.onCacheHit(info);
            } catch (Throwable t) {
                LOG.warn(
                        "LlmObserver {} failed on a cache hit: {}", o.getClass().getName(), t.toString(), t);
            }
        }
    }

    /** The prompt, or the conversation as a JSON array of role/content objects. */
    static String input(GenerationRequest request) {
        if (!request.isChat()) {
            return request.prompt();
        }
        ArrayNode messages = JsonNodeFactory.instance.arrayNode();
        for (ChatMessage m : request.messages()) {
            messages.addObject().put("role", m.role()).put("content", m.content());
        }
        return messages.toString();
    }

    private static String safe(LlmBackend backend, boolean name) {
        if (backend == null) {
            return null;
        }
        try {
            return name ? backend.name() : backend.modelName();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000L;
    }

    static String errorType(Throwable error) {
        return error == null ? null : error.getClass().getName();
    }
}
