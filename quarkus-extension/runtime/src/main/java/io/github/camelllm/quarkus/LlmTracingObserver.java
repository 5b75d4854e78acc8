package io.github.camelllm.quarkus;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import io.github.camelllm.spi.LlmCallInfo;
import io.github.camelllm.spi.LlmObserver;

/**
 * One OpenTelemetry span per llm: request, named and attributed after the GenAI semantic conventions
 * ({@code chat stories260K}, kind CLIENT, {@code gen_ai.operation.name}, {@code gen_ai.provider.name},
 * {@code gen_ai.request.model}, {@code gen_ai.usage.input_tokens}/{@code output_tokens},
 * {@code gen_ai.response.finish_reasons}, {@code error.type}). The span is a child of the span current on the
 * exchange's thread (e.g. the HTTP request's) and covers the request's duration. Prompt and completion text are
 * recorded ({@code gen_ai.input.messages}, {@code gen_ai.output.messages}) only with
 * {@code quarkus.camel.llm.tracing.record-content=true}. Registered by the extension only when the application has
 * quarkus-opentelemetry.
 */
@Singleton
@Named(LlmTracingObserver.NAME)
public class LlmTracingObserver implements LlmObserver {

    public static final String NAME = "camelLlmTracingObserver";
    static final String INSTRUMENTATION_SCOPE = "io.github.camel-llm";

    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<List<String>> FINISH_REASONS =
            AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<Long> TIME_TO_FIRST_TOKEN = AttributeKey.longKey("camel.llm.time_to_first_token_ms");
    static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
    static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");

    private final Tracer tracer;
    private final boolean recordContent;

    public LlmTracingObserver(Instance<OpenTelemetry> openTelemetry, LlmBuildTimeConfig config) {
        OpenTelemetry otel = openTelemetry.isResolvable() ? openTelemetry.get() : GlobalOpenTelemetry.get();
        this.tracer = otel.getTracer(INSTRUMENTATION_SCOPE);
        this.recordContent = config.tracing().recordContent();
    }

    @Override
    public boolean recordsContent() {
        return recordContent;
    }

    @Override
    public void onGeneration(LlmCallInfo info) {
        record(info);
    }

    @Override
    public void onEmbedding(LlmCallInfo info) {
        record(info);
    }

    private void record(LlmCallInfo info) {
        String operation = info.genAiOperationName();
        long endNanos = nowNanos();
        Span span = tracer.spanBuilder(info.model() == null ? operation : operation + " " + info.model())
                .setSpanKind(SpanKind.CLIENT)
                .setStartTimestamp(endNanos - TimeUnit.MILLISECONDS.toNanos(info.durationMs()), TimeUnit.NANOSECONDS)
                .setAttribute(OPERATION_NAME, operation)
                .startSpan();
        if (info.provider() != null) {
            span.setAttribute(PROVIDER_NAME, info.provider());
        }
        if (info.model() != null) {
            span.setAttribute(REQUEST_MODEL, info.model());
        }
        if (info.inputTokens() != null && info.inputTokens() >= 0) {
            span.setAttribute(INPUT_TOKENS, info.inputTokens().longValue());
        }
        if (info.outputTokens() != null && info.outputTokens() >= 0) {
            span.setAttribute(OUTPUT_TOKENS, info.outputTokens().longValue());
        }
        if (info.finishReason() != null) {
            span.setAttribute(FINISH_REASONS, List.of(info.finishReason()));
        }
        if (info.timeToFirstTokenMs() != null && info.timeToFirstTokenMs() >= 0) {
            span.setAttribute(TIME_TO_FIRST_TOKEN, info.timeToFirstTokenMs());
        }
        if (info.input() != null) {
            span.setAttribute(INPUT_MESSAGES, GenAiMessages.input(info.input(), "text_completion".equals(operation)));
        }
        if (info.output() != null) {
            span.setAttribute(OUTPUT_MESSAGES, GenAiMessages.output(info.output(), info.finishReason()));
        }
        if (info.failed()) {
            span.setAttribute(ERROR_TYPE, info.errorType());
            span.setStatus(StatusCode.ERROR, info.errorType());
        }
        span.end(endNanos, TimeUnit.NANOSECONDS);
    }

    private static long nowNanos() {
        Instant now = Instant.now();
        return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
    }
}
