package io.github.camelllm.routes.openai;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A JSON response of the OpenAI API: status, content type and the compact JSON text of the body. */
final class JsonResponses {

    static final String JSON = "application/json; charset=utf-8";

    private JsonResponses() {}

    /** A new empty JSON object. */
    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Makes {@code body} the response, with this HTTP status. */
    static void write(Exchange exchange, int status, ObjectNode body) {
        Message out = exchange.getMessage();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, JSON);
        out.setBody(body.toString());
    }
}
