package io.github.camelllm.routes.openai;

import static io.github.camelllm.routes.openai.RequestJson.present;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * POST /v1/chat/completions: the request's messages become the body of llm:chat or llm:stream, its options
 * CamelLlm* headers ({@link SamplingHeaders}), and {@code stream} the {@link OpenAiProperties#STREAM} property.
 */
public class ChatRequestParser {

    /** The body becomes the List of {role, content} messages of llm:chat / llm:stream. */
    public void parse(Exchange exchange) {
        ObjectNode request = RequestJson.read(exchange);
        exchange.getMessage().setBody(messages(request.get("messages")));
        JsonNode maxTokens = present(request.get("max_completion_tokens"))
                ? request.get("max_completion_tokens")
                : request.get("max_tokens");
        SamplingHeaders.apply(request, maxTokens, exchange.getMessage());
        exchange.setProperty(OpenAiProperties.STREAM, RequestJson.bool(request, "stream"));
    }

    /** OpenAI messages to llm:chat's List of {role, content}; array contents keep their text parts. */
    static List<Map<String, String>> messages(JsonNode messages) {
        if (!present(messages)) {
            throw OpenAiRequestException.invalid("\"messages\" is required");
        }
        if (!messages.isArray() || messages.isEmpty()) {
            throw OpenAiRequestException.invalid("\"messages\" must be a non-empty array");
        }
        List<Map<String, String>> list = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            if (!m.isObject() || !m.path("role").isTextual()) {
                throw OpenAiRequestException.invalid("messages[" + i + "] must be an object with a string \"role\"");
            }
            Map<String, String> message = new LinkedHashMap<>();
            message.put("role", m.get("role").asText());
            message.put("content", content(m.get("content"), i));
            list.add(message);
        }
        return list;
    }

    /** A message's content: a string, or the concatenated text of an array of text parts; "" when absent. */
    static String content(JsonNode content, int index) {
        if (!present(content)) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (!"text".equals(part.path("type").asText())
                        || !part.path("text").isTextual()) {
                    throw OpenAiRequestException.invalid(
                            "messages[" + index + "].content: only parts of type text are supported");
                }
                text.append(part.get("text").asText());
            }
            return text.toString();
        }
        throw OpenAiRequestException.invalid(
                "messages[" + index + "].content must be a string or an array of text parts");
    }
}
