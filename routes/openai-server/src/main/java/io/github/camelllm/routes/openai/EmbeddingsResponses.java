package io.github.camelllm.routes.openai;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.camelllm.component.LlmConstants;
import io.github.camelllm.support.FloatVectors;

/**
 * The answer of /v1/embeddings after llm:embed: a list of embedding objects, each vector as a JSON array of floats or,
 * with {@code encoding_format=base64} ({@link OpenAiProperties#ENCODING_FORMAT}), as base64 little-endian float32.
 */
public class EmbeddingsResponses {

    /** After llm:embed: the list object with the vectors in input order and the prompt token usage. */
    @SuppressWarnings("unchecked")
    public void embeddings(Exchange exchange) {
        Message in = exchange.getMessage();
        Object result = in.getBody();
        List<float[]> vectors = result instanceof float[] one ? List.of(one) : (List<float[]>) result;
        boolean base64 = "base64".equals(exchange.getProperty(OpenAiProperties.ENCODING_FORMAT, String.class));
        ArrayNode data = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < vectors.size(); i++) {
            ObjectNode item = data.addObject();
            if (base64) {
                item.put("embedding", FloatVectors.toBase64(vectors.get(i)));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float v : vectors.get(i)) {
                    values.add(v);
                }
            }
            item.put("index", i).put("object", "embedding");
            if (base64) {
                item.put("encoding_format", "base64");
            }
        }
        int tokens = in.getHeader(LlmConstants.INPUT_TOKENS, 0, Integer.class);
        ObjectNode body = JsonResponses.object()
                .put("model", OpenAiProperties.modelName(exchange))
                .put("object", "list");
        body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        body.set("data", data);
        JsonResponses.write(exchange, 200, body);
    }
}
