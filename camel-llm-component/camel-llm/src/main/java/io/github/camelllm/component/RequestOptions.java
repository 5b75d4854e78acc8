package io.github.camelllm.component;

import java.util.Arrays;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.TypeConversionException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.camelllm.spi.LlmInvalidRequestException;
import io.github.camelllm.spi.SamplingOptions;
import io.github.camelllm.support.Texts;

/**
 * The options of one exchange: CamelLlm* headers over the endpoint's configuration (which already holds the
 * component's defaults), checked against their ranges before anything reaches a backend.
 */
final class RequestOptions {

    final SamplingOptions sampling;
    final String systemMessage;
    final String chatTemplate;
    final boolean normalize;
    final long timeoutMillis;
    final long queueTimeoutMillis;
    /** CamelLlmCacheBypass: neither read nor write the response cache for this exchange. */
    final boolean cacheBypass;

    private RequestOptions(
            SamplingOptions sampling,
            String systemMessage,
            String chatTemplate,
            boolean normalize,
            long timeoutMillis,
            long queueTimeoutMillis,
            boolean cacheBypass) {
        this.sampling = sampling;
        this.systemMessage = systemMessage;
        this.chatTemplate = chatTemplate;
        this.normalize = normalize;
        this.timeoutMillis = timeoutMillis;
        this.queueTimeoutMillis = queueTimeoutMillis;
        this.cacheBypass = cacheBypass;
    }

    /** The CamelLlm* headers that override an option; an exchange without any of them uses the endpoint's options as they are. */
    private static final List<String> OPTION_HEADERS = List.of(
            LlmConstants.MAX_TOKENS,
            LlmConstants.TEMPERATURE,
            LlmConstants.TOP_P,
            LlmConstants.TOP_K,
            LlmConstants.MIN_P,
            LlmConstants.REPEAT_PENALTY,
            LlmConstants.SEED,
            LlmConstants.STOP,
            LlmConstants.SYSTEM_MESSAGE,
            LlmConstants.CHAT_TEMPLATE,
            LlmConstants.JSON_SCHEMA,
            LlmConstants.GRAMMAR,
            LlmConstants.NORMALIZE,
            LlmConstants.TIMEOUT,
            LlmConstants.QUEUE_TIMEOUT,
            LlmConstants.CACHE_BYPASS);

    /**
     * The endpoint's own options (component defaults included), checked once when the producer starts: files and
     * classpath resources read, the JSON schema parsed and the grammar checked.
     */
    static RequestOptions endpoint(LlmConfiguration config, ObjectMapper mapper, TextResources texts) {
        return resolve(null, config, mapper, texts, null);
    }

    /** The options of one exchange, reading the endpoint's options and texts again (tests). */
    static RequestOptions resolve(Exchange exchange, LlmConfiguration config, ObjectMapper mapper) {
        TextResources texts = new TextResources(exchange.getContext());
        return resolve(exchange.getMessage(), config, mapper, texts, endpoint(config, mapper, texts));
    }

    /**
     * The options of one exchange: {@code endpoint} itself when no option header is set; otherwise the headers over
     * the configuration, where only values that differ from the endpoint's are checked again.
     *
     * @param in       the message, or null for none (the endpoint's options)
     * @param endpoint the endpoint's options from {@link #endpoint}, or null
     */
    static RequestOptions resolve(
            Message in, LlmConfiguration config, ObjectMapper mapper, TextResources texts, RequestOptions endpoint) {
        if (endpoint != null && (in == null || OPTION_HEADERS.stream().noneMatch(h -> in.getHeader(h) != null))) {
            return endpoint;
        }
        int maxTokens = header(in, LlmConstants.MAX_TOKENS, Integer.class, config.getMaxTokens());
        float temperature = header(in, LlmConstants.TEMPERATURE, Float.class, config.getTemperature());
        float topP = header(in, LlmConstants.TOP_P, Float.class, config.getTopP());
        int topK = header(in, LlmConstants.TOP_K, Integer.class, config.getTopK());
        float minP = header(in, LlmConstants.MIN_P, Float.class, config.getMinP());
        float repeatPenalty = header(in, LlmConstants.REPEAT_PENALTY, Float.class, config.getRepeatPenalty());
        Integer seed = header(in, LlmConstants.SEED, Integer.class, config.getSeed());
        String stop = header(in, LlmConstants.STOP, String.class, config.getStop());
        String systemMessage = header(in, LlmConstants.SYSTEM_MESSAGE, String.class, config.getSystemMessage());
        String chatTemplate = texts.resolve(
                "chatTemplate", header(in, LlmConstants.CHAT_TEMPLATE, String.class, config.getChatTemplate()));
        String jsonSchema =
                texts.resolve("jsonSchema", header(in, LlmConstants.JSON_SCHEMA, String.class, config.getJsonSchema()));
        String grammar = texts.resolve("grammar", header(in, LlmConstants.GRAMMAR, String.class, config.getGrammar()));
        boolean normalize = header(in, LlmConstants.NORMALIZE, Boolean.class, config.isNormalize());
        long timeout = header(in, LlmConstants.TIMEOUT, Long.class, config.getTimeout());
        long queueTimeout = header(in, LlmConstants.QUEUE_TIMEOUT, Long.class, config.getQueueTimeout());
        boolean cacheBypass = header(in, LlmConstants.CACHE_BYPASS, Boolean.class, false);

        if (maxTokens == 0 || maxTokens < -1 || maxTokens > 1_048_576) {
            throw invalid("maxTokens", maxTokens, "must be -1 (until end of text) or between 1 and 1048576");
        }
        checkRange("temperature", temperature, 0, 100);
        checkRange("topP", topP, 0, 1);
        checkRange("minP", minP, 0, 1);
        checkRange("repeatPenalty", repeatPenalty, 0, 100);
        if (repeatPenalty == 0f) {
            throw invalid("repeatPenalty", repeatPenalty, "must be greater than 0 (1.0 disables the penalty)");
        }
        if (topK < 0) {
            throw invalid("topK", topK, "must be 0 (disabled) or positive");
        }
        if (seed != null && seed < -1) {
            throw invalid("seed", seed, "must be -1 (random) or a non-negative number");
        }
        if (timeout < 0) {
            throw invalid("timeout", timeout, "must be 0 (no limit) or a positive number of milliseconds");
        }
        if (queueTimeout < 0) {
            throw invalid(
                    "queueTimeout",
                    queueTimeout,
                    "must be 0 (fail at once when all slots are busy) or positive milliseconds");
        }
        jsonSchema = blankToNull(jsonSchema);
        grammar = blankToNull(grammar);
        if (jsonSchema != null && grammar != null) {
            throw new LlmInvalidRequestException("set either jsonSchema or grammar, not both");
        }
        if (jsonSchema != null && (endpoint == null || !jsonSchema.equals(endpoint.sampling.jsonSchema()))) {
            checkSchema(jsonSchema, mapper);
        }
        if (grammar != null && (endpoint == null || !grammar.equals(endpoint.sampling.grammar()))) {
            GbnfValidator.check(grammar);
        }
        SamplingOptions sampling = new SamplingOptions(
                maxTokens,
                temperature,
                topP,
                topK,
                minP,
                repeatPenalty,
                seed == null || seed == -1 ? null : seed,
                splitStop(stop),
                jsonSchema,
                grammar);
        return new RequestOptions(
                sampling,
                blankToNull(systemMessage),
                blankToNull(chatTemplate),
                normalize,
                timeout,
                queueTimeout,
                cacheBypass);
    }

    private static void checkSchema(String schema, ObjectMapper mapper) {
        JsonNode node;
        try {
            node = mapper.readTree(schema);
        } catch (JsonProcessingException e) {
            throw new LlmInvalidRequestException(
                    "jsonSchema is not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new LlmInvalidRequestException(
                    "jsonSchema must be a JSON object (a JSON schema), got: " + abbreviate(schema));
        }
    }

    static List<String> splitStop(String stop) {
        if (stop == null || stop.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(stop.split(",")).filter(s -> !s.isEmpty()).toList();
    }

    private static <T> T header(Message in, String name, Class<T> type, T fallback) {
        Object raw = in == null ? null : in.getHeader(name);
        if (raw == null) {
            return fallback;
        }
        try {
            T value = in.getExchange().getContext().getTypeConverter().mandatoryConvertTo(type, in.getExchange(), raw);
            return value;
        } catch (TypeConversionException | org.apache.camel.NoTypeConversionAvailableException e) {
            throw new LlmInvalidRequestException(
                    "header " + name + " has value '" + raw + "' that is not a valid " + type.getSimpleName());
        }
    }

    private static void checkRange(String name, float value, float min, float max) {
        if (Float.isNaN(value) || value < min || value > max) {
            throw invalid(name, value, "must be between " + min + " and " + max);
        }
    }

    static LlmInvalidRequestException invalid(String option, Object value, String rule) {
        return new LlmInvalidRequestException("option " + option + "=" + value + " is out of range: " + rule);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static String abbreviate(String s) {
        return Texts.abbreviate(s, 80);
    }
}
