package io.github.camelllm.routes.openai;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.camelllm.component.LlmConstants;

/**
 * The answers of /v1/chat/completions and /v1/completions, shaped like llama-server's: after llm:chat or llm:call
 * one JSON object with usage and timings; after llm:stream a text/event-stream of chunk events ({@link ChunkFormat}).
 */
public class CompletionResponses {

    /** After llm:chat: the chat.completion object. */
    public void chat(Exchange exchange) {
        Message in = exchange.getMessage();
        ObjectNode message = JsonResponses.object().put("role", "assistant").put("content", in.getBody(String.class));
        ObjectNode choice = JsonResponses.object();
        choice.put("finish_reason", in.getHeader(LlmConstants.FINISH_REASON, "stop", String.class))
                .put("index", 0)
                .set("message", message);
        respond(
                exchange,
                ResponseEnvelope.envelope(
                        "chatcmpl-", "chat.completion", OpenAiProperties.modelName(exchange), choice));
    }

    /** After llm:call: the text_completion object. */
    public void completion(Exchange exchange) {
        Message in = exchange.getMessage();
        ObjectNode choice = JsonResponses.object()
                .put("text", in.getBody(String.class))
                .put("index", 0)
                .putNull("logprobs")
                .put("finish_reason", in.getHeader(LlmConstants.FINISH_REASON, "stop", String.class));
        respond(
                exchange,
                ResponseEnvelope.envelope("cmpl-", "text_completion", OpenAiProperties.modelName(exchange), choice));
    }

    /** After llm:stream of a conversation: a text/event-stream of chat.completion.chunk events. */
    public void chatStream(Exchange exchange) {
        SseResponses.start(exchange, ChunkFormat.chat(OpenAiProperties.modelName(exchange)));
    }

    /** After llm:stream of a prompt: a text/event-stream of text_completion events. */
    public void completionStream(Exchange exchange) {
        SseResponses.start(exchange, ChunkFormat.completion(OpenAiProperties.modelName(exchange)));
    }

    /** Adds usage and timings from the llm headers and makes the body the 200 response. */
    private static void respond(Exchange exchange, ObjectNode body) {
        Message in = exchange.getMessage();
        ResponseEnvelope.usageAndTimings(
                body,
                in.getHeader(LlmConstants.INPUT_TOKENS, Integer.class),
                in.getHeader(LlmConstants.OUTPUT_TOKENS, Integer.class),
                in.getHeader(LlmConstants.TIME_TO_FIRST_TOKEN_MS, Long.class),
                in.getHeader(LlmConstants.GENERATION_MS, Long.class));
        JsonResponses.write(exchange, 200, body);
    }
}
