package io.github.camelllm.routes.openai;

import static io.github.camelllm.routes.openai.RequestJson.present;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * POST /v1/embeddings: the request's input becomes the body of llm:embed; its encoding format and whether it was a
 * single string become the {@link OpenAiProperties#ENCODING_FORMAT} and {@link OpenAiProperties#SINGLE_INPUT} properties.
 */
public class EmbeddingsRequestParser {

    /** The body becomes the String or List of Strings of llm:embed. */
    public void parse(Exchange exchange) {
        ObjectNode request = RequestJson.read(exchange);
        JsonNode input = request.get("input");
        if (!present(input)) {
            throw OpenAiRequestException.invalid("\"input\" is required");
        }
        exchange.setProperty(OpenAiProperties.ENCODING_FORMAT, encodingFormat(request.get("encoding_format")));
        exchange.setProperty(OpenAiProperties.SINGLE_INPUT, input.isTextual());
        exchange.getMessage().setBody(input.isTextual() ? input.asText() : inputs(input));
    }

    /** A non-empty array of strings (token arrays are refused). */
    static List<String> inputs(JsonNode input) {
        if (!input.isArray() || input.isEmpty()) {
            throw OpenAiRequestException.invalid("\"input\" must be a string or a non-empty array of strings");
        }
        List<String> inputs = new ArrayList<>(input.size());
        for (int i = 0; i < input.size(); i++) {
            if (!input.get(i).isTextual()) {
                throw OpenAiRequestException.invalid(
                        "input[" + i + "] must be a string (token arrays are not supported)");
            }
            inputs.add(input.get(i).asText());
        }
        return inputs;
    }

    /** float (the default) or base64, case-insensitive. */
    static String encodingFormat(JsonNode format) {
        if (!present(format)) {
            return "float";
        }
        String f = format.asText().toLowerCase(Locale.ROOT);
        if (!format.isTextual() || !(f.equals("float") || f.equals("base64"))) {
            throw OpenAiRequestException.invalid("\"encoding_format\" must be float or base64");
        }
        return f;
    }
}
