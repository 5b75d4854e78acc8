package io.github.camelllm.component;

import org.apache.camel.ProducerTemplate;

/** Producers that generate text (call, chat, stream): they can forward chunks to the streamTo endpoint. */
abstract class AbstractGenerationProducer extends AbstractLlmProducer {

    private ProducerTemplate streamTemplate;

    AbstractGenerationProducer(LlmEndpoint endpoint) {
        super(endpoint);
    }

    /** The template that sends chunks to streamTo, or null when that option is not set. */
    ProducerTemplate streamTemplate() {
        return streamTemplate;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        streamTemplate = StreamTemplates.create(getEndpoint());
    }

    @Override
    protected void doStop() throws Exception {
        StreamTemplates.stop(streamTemplate);
        streamTemplate = null;
        super.doStop();
    }
}
