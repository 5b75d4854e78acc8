package io.github.camelllm.component;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import io.github.camelllm.spi.GenerationRequest;
import io.github.camelllm.spi.LlmCachedResponse;

/** Producers that generate text (call, chat, stream): they can forward chunks to the streamTo endpoint. */
abstract class AbstractGenerationProducer extends AbstractLlmProducer {

    private ProducerTemplate streamTemplate;

    AbstractGenerationProducer(LlmEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    boolean cacheable() {
        return configuration().getStreamTo() == null;
    }

    /**
     * Runs the generation to its end and writes the text and headers, or serves them from the response cache when it
     * is enabled and holds this request's answer. A fresh answer is stored only once it completed (an exception on the
     * way, such as a timeout or invalid JSON under jsonSchema, stores nothing).
     */
    void generate(Exchange exchange, GenerationRequest request, String operation, boolean bypassCache) {
        ResponseCaching cache = caching();
        if (!cache.enabled()) {
            GenerationRunner.run(exchange, backend(), request, getEndpoint(), streamTemplate(), operation, observers());
            return;
        }
        String key = bypassCache
                ? null
                : ResponseCacheKey.generation(
                        operation, backend().name(), backend().modelName(), configuration(), request);
        if (key != null) {
            long start = System.nanoTime();
            LlmCachedResponse hit = cache.lookup(key);
            if (hit != null && !hit.isEmbedding()) {
                CachedAnswers.writeGeneration(exchange.getMessage(), hit);
                exchange.getMessage().setHeader(LlmConstants.CACHE_HIT, true);
                observers().cacheHit(operation, hit, start);
                return;
            }
        }
        GenerationRunner.run(exchange, backend(), request, getEndpoint(), streamTemplate(), operation, observers());
        if (key != null) {
            cache.store(key, CachedAnswers.ofGeneration(exchange.getMessage()));
        }
        exchange.getMessage().setHeader(LlmConstants.CACHE_HIT, false);
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
