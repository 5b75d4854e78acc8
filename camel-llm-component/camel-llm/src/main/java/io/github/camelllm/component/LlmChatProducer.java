package io.github.camelllm.component;

import org.apache.camel.Exchange;

/** llm:chat — answers the conversation in the body; the body becomes the assistant's text. */
class LlmChatProducer extends AbstractGenerationProducer {

    LlmChatProducer(LlmEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public void process(Exchange exchange) {
        RequestOptions options = options(exchange);
        generate(exchange, chatRequest(messages(exchange, options), options), "chat", options.cacheBypass);
    }
}
