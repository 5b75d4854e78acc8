package io.github.camelllm.component;

import org.apache.camel.Exchange;

/** llm:call — completes the prompt in the body; the body becomes the generated text. */
class LlmCallProducer extends AbstractGenerationProducer {

    LlmCallProducer(LlmEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public void process(Exchange exchange) {
        RequestOptions options = options(exchange);
        String prompt = prompt(exchange, "call");
        generate(exchange, promptRequest(prompt, options), "call", options.cacheBypass);
    }
}
