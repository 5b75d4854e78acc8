package io.github.camelllm.component;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/** llm:call — completes the prompt in the body; the body becomes the generated text. */
class LlmCallProducer extends AbstractLlmProducer {

    private ProducerTemplate streamTemplate;

    LlmCallProducer(LlmEndpoint endpoint) {
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
        String prompt = prompt(exchange, "call");
        GenerationRunner.run(exchange, backend(), promptRequest(prompt, options), getEndpoint(), streamTemplate);
    }
}
