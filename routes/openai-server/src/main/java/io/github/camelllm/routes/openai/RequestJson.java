package io.github.camelllm.routes.openai;

import java.io.IOException;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reading an OpenAI request body and its typed fields; anything malformed is a 400 {@link OpenAiRequestException}. */
final class RequestJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RequestJson() {}

    /** The request body as a JSON object. */
    static ObjectNode read(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null || body.length == 0) {
            throw OpenAiRequestException.invalid("the request body is empty: expected a JSON object");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw OpenAiRequestException.invalid("the request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw OpenAiRequestException.invalid("the request body cannot be read: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw OpenAiRequestException.invalid("the request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** Whether a field is there and not null. */
    static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    static int integer(JsonNode node, String field) {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw OpenAiRequestException.invalid("\"" + field + "\" must be an integer");
        }
        return node.intValue();
    }

    static float number(JsonNode node, String field) {
        if (!node.isNumber()) {
            throw OpenAiRequestException.invalid("\"" + field + "\" must be a number");
        }
        return node.floatValue();
    }

    /** A boolean field; false when absent or null. */
    static boolean bool(ObjectNode request, String field) {
        JsonNode node = request.get(field);
        if (!present(node)) {
            return false;
        }
        if (!node.isBoolean()) {
            throw OpenAiRequestException.invalid("\"" + field + "\" must be a boolean");
        }
        return node.booleanValue();
    }
}
