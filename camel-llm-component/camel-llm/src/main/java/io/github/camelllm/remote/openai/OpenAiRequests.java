package io.github.camelllm.remote.openai;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.camelllm.component.LlmConfiguration;
import io.github.camelllm.spi.ChatMessage;
import io.github.camelllm.spi.GenerationRequest;
import io.github.camelllm.spi.LlmInvalidRequestException;
import io.github.camelllm.spi.SamplingOptions;

/**
 * The JSON bodies sent to an OpenAI-compatible server.
 * <ul>
 * <li>Always: {@code temperature}, {@code top_p}, {@code stream: true} and {@code stream_options.include_usage}.</li>
 * <li>When set: {@code model}, {@code max_tokens} (omitted for maxTokens=-1), {@code stop} (non-empty), {@code seed}.</li>
 * <li>llama.cpp extensions, which api.openai.com rejects as unknown arguments: {@code top_k}, {@code min_p} and
 * {@code repeat_penalty} are sent only when they differ from the component's defaults (40, 0.05, 1.0, which are also
 * llama-server's), {@code grammar} only when the grammar option is set, and {@code json_schema} for operation call
 * with a jsonSchema (only llama-server constrains /completions with it).</li>
 * <li>Operation chat with a jsonSchema: {@code response_format: {type: json_schema, json_schema: {name: output,
 * schema, strict: true}}} (OpenAI's structured outputs; llama-server reads the same field).</li>
 * <li>chatTemplate does not apply: the server formats the conversation with its own template.</li>
 * </ul>
 */
final class OpenAiRequests {

    private static final LlmConfiguration DEFAULTS = new LlmConfiguration();

    private OpenAiRequests() {}

    static ObjectNode generation(ObjectMapper mapper, String model, GenerationRequest request) {
        SamplingOptions s = request.sampling();
        ObjectNode body = mapper.createObjectNode();
        if (model != null) {
            body.put("model", model);
        }
        if (request.isChat()) {
            ArrayNode messages = body.putArray("messages");
            for (ChatMessage m : request.messages()) {
                messages.addObject().put("role", m.role()).put("content", m.content());
            }
        } else {
            body.put("prompt", request.prompt());
        }
        if (s.maxTokens() >= 0) {
            body.put("max_tokens", s.maxTokens());
        }
        body.put("temperature", s.temperature());
        body.put("top_p", s.topP());
        if (!s.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            s.stop().forEach(stop::add);
        }
        if (s.seed() != null) {
            body.put("seed", s.seed());
        }
        if (s.topK() != DEFAULTS.getTopK()) {
            body.put("top_k", s.topK());
        }
        if (Float.compare(s.minP(), DEFAULTS.getMinP()) != 0) {
            body.put("min_p", s.minP());
        }
        if (Float.compare(s.repeatPenalty(), DEFAULTS.getRepeatPenalty()) != 0) {
            body.put("repeat_penalty", s.repeatPenalty());
        }
        if (s.jsonSchema() != null) {
            JsonNode schema = parseSchema(mapper, s.jsonSchema());
            if (request.isChat()) {
                ObjectNode format = body.putObject("response_format");
                format.put("type", "json_schema");
                ObjectNode jsonSchema = format.putObject("json_schema");
                jsonSchema.put("name", "output");
                jsonSchema.set("schema", schema);
                jsonSchema.put("strict", true);
            } else {
                body.set("json_schema", schema);
            }
        }
        if (s.grammar() != null) {
            body.put("grammar", s.grammar());
        }
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        return body;
    }

    static ObjectNode embeddings(ObjectMapper mapper, String model, List<String> inputs) {
        ObjectNode body = mapper.createObjectNode();
        if (model != null) {
            body.put("model", model);
        }
        if (inputs.size() == 1) {
            body.put("input", inputs.get(0));
        } else {
            ArrayNode input = body.putArray("input");
            inputs.forEach(input::add);
        }
        body.put("encoding_format", "float");
        return body;
    }

    private static JsonNode parseSchema(ObjectMapper mapper, String schema) {
        try {
            return mapper.readTree(schema);
        } catch (JsonProcessingException e) {
            throw new LlmInvalidRequestException("jsonSchema is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
