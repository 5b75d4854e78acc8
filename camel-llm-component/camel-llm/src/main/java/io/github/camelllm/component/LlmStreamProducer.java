package io.github.camelllm.component;

import java.util.Collection;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

import io.github.camelllm.spi.GenerationRequest;
import io.github.camelllm.spi.GenerationStream;
import io.github.camelllm.spi.LlmBackend;
import io.github.camelllm.spi.LlmChunk;

/**
 * llm:stream — the body becomes an {@link java.util.Iterator} of {@link LlmChunk}s for a {@code split} with
 * {@code streaming: true}. A List or JSON-array body is a conversation (as in llm:chat); any other text is a prompt
 * (as in llm:call). With streamTo set, chunks go to that endpoint instead and the body becomes the full text.
 */
class LlmStreamProducer extends AbstractGenerationProducer {

    LlmStreamProducer(LlmEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    boolean cacheable() {
        return false;
    }

    @Override
    public void process(Exchange exchange) {
        RequestOptions options = options(exchange);
        GenerationRequest request = isConversation(exchange.getMessage().getBody())
                ? chatRequest(messages(exchange, options), options)
                : promptRequest(prompt(exchange, "stream"), options);
        if (streamTemplate() != null) {
            GenerationRunner.run(exchange, backend(), request, getEndpoint(), streamTemplate(), "stream", observers());
            return;
        }
        long start = System.nanoTime();
        LlmObservers observers = observers();
        LlmBackend backend = backend();
        GenerationStream stream;
        try {
            stream = backend.generate(request.asDetached());
        } catch (RuntimeException | Error e) {
            observers.generation("stream", backend, null, start, e);
            throw e;
        }
        LlmChunkIterator iterator = new LlmChunkIterator(
                stream,
                exchange,
                request.sampling().jsonSchema(),
                getEndpoint().getObjectMapper(),
                observers.isEmpty()
                        ? null
                        : new LlmChunkIterator.Outcome() {
                            @Override
                            public void ended(LlmChunk last, String errorType, String text) {
                                observers.generation("stream", backend, last, start, errorType, request, text);
                            }

                            @Override
                            public boolean wantsText() {
                                return observers.wantContent();
                            }
                        });
        // whatever happens to the exchange (split finished, consumer stopped early, failure), the generation ends with
        // it
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                iterator.close();
            }
        });
        exchange.getMessage().setBody(iterator);
        if (stream.inputTokens() >= 0) {
            exchange.getMessage().setHeader(LlmConstants.INPUT_TOKENS, stream.inputTokens());
        }
        exchange.getMessage().setHeader(LlmConstants.MODEL, backend().modelName());
        exchange.getMessage().setHeader(LlmConstants.BACKEND, backend().name());
    }

    static boolean isConversation(Object body) {
        if (body instanceof Collection<?>) {
            return true;
        }
        return body instanceof CharSequence cs && cs.toString().stripLeading().startsWith("[");
    }
}
