package io.github.camelllm.quarkus.it;

import java.util.List;

import io.opentelemetry.api.common.AttributeKey;

/** The GenAI semantic-convention attribute keys the tests read (spelled out here, not taken from the extension). */
final class LlmTracingAttributes {

    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<List<String>> FINISH_REASONS =
            AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private LlmTracingAttributes() {}
}
