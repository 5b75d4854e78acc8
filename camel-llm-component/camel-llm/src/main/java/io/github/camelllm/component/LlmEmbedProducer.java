package io.github.camelllm.component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import io.github.camelllm.spi.EmbeddingRequest;
import io.github.camelllm.spi.EmbeddingResult;
import io.github.camelllm.spi.LlmCachedResponse;
import io.github.camelllm.spi.LlmInvalidRequestException;
import io.github.camelllm.support.FloatVectors;

/** llm:embed — a String body becomes a float[]; a List of Strings becomes a List of float[] in the same order. */
class LlmEmbedProducer extends AbstractLlmProducer {

    LlmEmbedProducer(LlmEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public void process(Exchange exchange) {
        RequestOptions options = options(exchange);
        Object body = exchange.getMessage().getBody();
        boolean single = !(body instanceof Collection<?> || body instanceof Object[]);
        List<String> inputs = single ? List.of(prompt(exchange, "embed")) : inputs(body);
        EmbeddingRequest request = new EmbeddingRequest(inputs, options.timeoutMillis, options.queueTimeoutMillis);
        ResponseCaching cache = caching();
        String key = cache.enabled() && !options.cacheBypass
                ? ResponseCacheKey.embedding(
                        backend().name(), backend().modelName(), configuration(), request, options.normalize)
                : null;
        if (key != null && serveFromCache(exchange, cache, key, single, inputs.size())) {
            return;
        }
        EmbeddingResult result = embed(request, options.normalize);
        if (key != null) {
            List<float[]> copies = new ArrayList<>(result.vectors().size());
            result.vectors().forEach(v -> copies.add(v.clone()));
            cache.store(
                    key,
                    LlmCachedResponse.embedding(
                            copies,
                            backend().modelName(),
                            backend().name(),
                            result.inputTokens(),
                            result.durationMillis()));
        }
        write(exchange.getMessage(), result, single);
        if (cache.enabled()) {
            exchange.getMessage().setHeader(LlmConstants.CACHE_HIT, false);
        }
    }

    private boolean serveFromCache(Exchange exchange, ResponseCaching cache, String key, boolean single, int inputs) {
        long start = System.nanoTime();
        LlmCachedResponse hit = cache.lookup(key);
        if (hit == null || !hit.isEmbedding() || hit.vectors().size() != inputs) {
            return false;
        }
        CachedAnswers.writeEmbedding(exchange.getMessage(), hit, single);
        exchange.getMessage().setHeader(LlmConstants.CACHE_HIT, true);
        observers().cacheHit("embed", hit, start);
        return true;
    }

    private void write(Message out, EmbeddingResult result, boolean single) {
        out.setBody(single ? result.vectors().get(0) : result.vectors());
        out.setHeader(LlmConstants.EMBEDDING_DIMENSION, result.dimension());
        out.setHeader(LlmConstants.EMBEDDING_COUNT, result.vectors().size());
        out.setHeader(LlmConstants.INPUT_TOKENS, result.inputTokens());
        out.setHeader(LlmConstants.MODEL, backend().modelName());
        out.setHeader(LlmConstants.BACKEND, backend().name());
        out.setHeader(LlmConstants.GENERATION_MS, result.durationMillis());
    }

    private EmbeddingResult embed(EmbeddingRequest request, boolean normalize) {
        long start = System.nanoTime();
        EmbeddingResult result;
        try {
            result = backend().embed(request);
        } catch (RuntimeException | Error e) {
            observers().embedding(backend(), null, start, e);
            throw e;
        }
        observers().embedding(backend(), result.inputTokens(), start, null);
        return normalize ? normalized(result) : result;
    }

    private static EmbeddingResult normalized(EmbeddingResult result) {
        List<float[]> unit = new ArrayList<>(result.vectors().size());
        result.vectors().forEach(v -> unit.add(FloatVectors.l2Normalized(v)));
        return new EmbeddingResult(unit, result.inputTokens(), result.durationMillis());
    }

    static List<String> inputs(Object body) {
        Collection<?> items = body instanceof Object[] array ? java.util.Arrays.asList(array) : (Collection<?>) body;
        if (items.isEmpty()) {
            throw new LlmInvalidRequestException("llm:embed got an empty list: nothing to embed");
        }
        List<String> inputs = new ArrayList<>(items.size());
        int i = 0;
        for (Object item : items) {
            if (!(item instanceof CharSequence cs)) {
                throw new LlmInvalidRequestException("llm:embed input [" + i + "] is "
                        + (item == null ? "null" : "a " + item.getClass().getName()) + ", expected a String");
            }
            if (cs.toString().isBlank()) {
                throw new LlmInvalidRequestException("llm:embed input [" + i + "] is blank");
            }
            inputs.add(cs.toString());
            i++;
        }
        return inputs;
    }
}
