package io.github.camelllm.component;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.service.ServiceHelper;

/** The producer template that forwards chunks to the streamTo endpoint, when that option is set. */
final class StreamTemplates {

    private StreamTemplates() {}

    static ProducerTemplate create(LlmEndpoint endpoint) {
        String streamTo = endpoint.getConfiguration().getStreamTo();
        if (streamTo == null || streamTo.isBlank()) {
            return null;
        }
        // resolve now so that a wrong URI fails at route start, not on the first chunk
        endpoint.getCamelContext().getEndpoint(streamTo);
        ProducerTemplate template = endpoint.getCamelContext().createProducerTemplate();
        ServiceHelper.startService(template);
        return template;
    }

    static void stop(ProducerTemplate template) {
        ServiceHelper.stopService(template);
    }
}
