package io.github.camelllm.routes.openai;

import static io.github.camelllm.routes.openai.RequestJson.integer;
import static io.github.camelllm.routes.openai.RequestJson.number;
import static io.github.camelllm.routes.openai.RequestJson.present;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.camelllm.component.LlmConstants;

/**
 * The generation options shared by chat and text completion requests (max_tokens, temperature, top_p, seed, stop, n
 * and the JSON schema of the answer), as the CamelLlm* headers that llm:call, llm:chat and llm:stream read.
 */
final class SamplingHeaders {

    private SamplingHeaders() {}

    /** Sets the headers of the options present in the request; {@code maxTokens} is the field the endpoint reads. */
    static void apply(ObjectNode request, JsonNode maxTokens, Message out) {
        if (present(maxTokens)) {
            out.setHeader(LlmConstants.MAX_TOKENS, integer(maxTokens, "max_tokens"));
        }
        if (present(request.get("temperature"))) {
            out.setHeader(LlmConstants.TEMPERATURE, number(request.get("temperature"), "temperature"));
        }
        if (present(request.get("top_p"))) {
            out.setHeader(LlmConstants.TOP_P, number(request.get("top_p"), "top_p"));
        }
        if (present(request.get("seed"))) {
            out.setHeader(LlmConstants.SEED, integer(request.get("seed"), "seed"));
        }
        String stop = stop(request.get("stop"));
        if (stop != null) {
            out.setHeader(LlmConstants.STOP, stop);
        }
        if (present(request.get("n")) && integer(request.get("n"), "n") != 1) {
            throw OpenAiRequestException.invalid("only n=1 is supported");
        }
        String schema = jsonSchema(request);
        if (schema != null) {
            out.setHeader(LlmConstants.JSON_SCHEMA, schema);
        }
    }

    /** stop as a string or an array of strings, joined with commas for CamelLlmStop (so a stop string cannot hold one). */
    static String stop(JsonNode stop) {
        if (!present(stop)) {
            return null;
        }
        List<String> stops = new ArrayList<>();
        if (stop.isTextual()) {
            stops.add(stop.asText());
        } else if (stop.isArray()) {
            for (JsonNode s : stop) {
                if (!s.isTextual()) {
                    throw OpenAiRequestException.invalid("\"stop\" must be a string or an array of strings");
                }
                stops.add(s.asText());
            }
        } else {
            throw OpenAiRequestException.invalid("\"stop\" must be a string or an array of strings");
        }
        for (String s : stops) {
            if (s.contains(",")) {
                throw OpenAiRequestException.invalid(
                        "stop strings containing ',' are not supported by this server: " + s);
            }
        }
        stops.removeIf(String::isEmpty);
        return stops.isEmpty() ? null : String.join(",", stops);
    }

    /**
     * The JSON schema of {@code response_format} ({type: json_schema, json_schema: {schema}}, {type: json_object} with an
     * optional schema) or of llama-server's top-level {@code json_schema}; null for plain text.
     */
    static String jsonSchema(ObjectNode request) {
        JsonNode schema = request.get("json_schema");
        JsonNode format = request.get("response_format");
        if (present(format)) {
            if (!format.isObject()) {
                throw OpenAiRequestException.invalid("\"response_format\" must be an object");
            }
            String type = format.path("type").asText("text");
            switch (type) {
                case "text" -> {}
                case "json_object" ->
                    schema = present(format.get("schema"))
                            ? format.get("schema")
                            : JsonNodeFactory.instance.objectNode().put("type", "object");
                case "json_schema" -> {
                    schema = format.path("json_schema").get("schema");
                    if (!present(schema)) {
                        throw OpenAiRequestException.invalid(
                                "response_format.json_schema.schema is required with type json_schema");
                    }
                }
                default ->
                    throw OpenAiRequestException.invalid(
                            "response_format.type must be text, json_object or json_schema, not " + type);
            }
        }
        if (!present(schema)) {
            return null;
        }
        if (!schema.isObject()) {
            throw OpenAiRequestException.invalid("the JSON schema must be an object");
        }
        return schema.toString();
    }
}
