package io.github.camelllm.component;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/** llm:chat — answers the conversation in the body; the body becomes the assistant's text. */
class LlmChatProducer extends AbstractLlmProducer {

    private ProducerTemplate streamTemplate;

    LlmChatProducer(LlmEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        streamTemplate = StreamTemplates.create(getEndpoint());
    }

    @Override
    protected void doStop() throws Exception {
        StreamTemplates.stop(streamTemplate);
        super.doStop();
    }

    @Override
    public void process(Exchange exchange) {
        RequestOptions options = options(exchange);
        GenerationRunner.run(exchange, backend(), chatRequest(messages(exchange, options), options), getEndpoint(), streamTemplate);
    }
}
