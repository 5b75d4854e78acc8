package io.github.camelllm.routes.openai;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The answers of GET /health and GET /v1/models, which do not involve the model. */
public class ServerInfoResponses {

    private static final long STARTED = System.currentTimeMillis() / 1000;

    /** GET /v1/models: the served model. */
    public void models(Exchange exchange) {
        ObjectNode body = JsonResponses.object().put("object", "list");
        body.putArray("data")
                .addObject()
                .put("id", OpenAiProperties.modelName(exchange))
                .put("object", "model")
                .put("created", STARTED)
                .put("owned_by", "camel-llm");
        JsonResponses.write(exchange, 200, body);
    }

    /** GET /health. */
    public void health(Exchange exchange) {
        JsonResponses.write(exchange, 200, JsonResponses.object().put("status", "ok"));
    }
}
