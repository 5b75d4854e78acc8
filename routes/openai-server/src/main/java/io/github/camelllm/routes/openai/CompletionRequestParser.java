package io.github.camelllm.routes.openai;

import static io.github.camelllm.routes.openai.RequestJson.present;

import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * POST /v1/completions: the request's prompt becomes the body of llm:call or llm:stream, its options CamelLlm*
 * headers ({@link SamplingHeaders}), and {@code stream} the {@link OpenAiProperties#STREAM} property.
 */
public class CompletionRequestParser {

    /** The body becomes the prompt of llm:call, or its UTF-8 bytes for llm:stream. */
    public void parse(Exchange exchange) {
        ObjectNode request = RequestJson.read(exchange);
        String prompt = prompt(request.get("prompt"));
        boolean stream = RequestJson.bool(request, "stream");
        // llm:stream reads a String starting with '[' as a conversation; bytes are always a prompt
        exchange.getMessage().setBody(stream ? prompt.getBytes(StandardCharsets.UTF_8) : prompt);
        exchange.setProperty(Exchange.CHARSET_NAME, "UTF-8");
        SamplingHeaders.apply(request, request.get("max_tokens"), exchange.getMessage());
        exchange.setProperty(OpenAiProperties.STREAM, stream);
    }

    /** A string prompt, or an array of exactly one string. */
    static String prompt(JsonNode prompt) {
        if (!present(prompt)) {
            throw OpenAiRequestException.invalid("\"prompt\" is required");
        }
        if (prompt.isTextual()) {
            return prompt.asText();
        }
        if (prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
            return prompt.get(0).asText();
        }
        throw OpenAiRequestException.invalid("\"prompt\" must be a string (or an array of exactly one string)");
    }
}
