package io.github.camelllm.component;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;

import io.github.camelllm.spi.GenerationRequest;
import io.github.camelllm.spi.GenerationStream;
import io.github.camelllm.spi.LlmBackend;
import io.github.camelllm.spi.LlmChunk;
import io.github.camelllm.spi.LlmException;

/** Runs a generation to its end (forwarding chunks to streamTo when set) and writes the result to the exchange. */
final class GenerationRunner {

    private GenerationRunner() {
    }

    static void run(Exchange exchange, LlmBackend backend, GenerationRequest request, LlmEndpoint endpoint,
                    ProducerTemplate streamTemplate, String operation, LlmObservers observers) {
        long start = System.nanoTime();
        LlmChunk[] last = new LlmChunk[1];
        StringBuilder text = new StringBuilder();
        try {
            run(exchange, backend, request, endpoint, streamTemplate, last, text);
        } catch (RuntimeException | Error e) {
            observers.generation(operation, backend, last[0], start, LlmObservers.errorType(e), request, text);
            throw e;
        }
        observers.generation(operation, backend, last[0], start, null, request, text);
    }

    private static void run(Exchange exchange, LlmBackend backend, GenerationRequest request, LlmEndpoint endpoint,
                            ProducerTemplate streamTemplate, LlmChunk[] lastSeen, StringBuilder text) {
        LlmChunk last = null;
        String streamTo = endpoint.getConfiguration().getStreamTo();
        try (GenerationStream stream = backend.generate(request)) {
            while (stream.hasNext()) {
                LlmChunk chunk = stream.next();
                text.append(chunk.getText());
                if (chunk.isLast()) {
                    last = chunk;
                    lastSeen[0] = chunk;
                }
                if (streamTemplate != null && streamTo != null) {
                    forward(streamTemplate, streamTo, exchange, chunk);
                }
            }
        }
        if (last == null) {
            throw new LlmException("the " + backend.name() + " backend ended the generation without a final chunk");
        }
        String result = text.toString();
        OutputValidator.check(request.sampling().jsonSchema(), result, last, endpoint.getObjectMapper());
        Message out = exchange.getMessage();
        out.setBody(result);
        writeHeaders(out, last, backend);
    }

    static void forward(ProducerTemplate template, String uri, Exchange source, LlmChunk chunk) {
        Exchange sent = template.send(uri, ex -> {
            ex.getMessage().setHeaders(new java.util.HashMap<>(source.getMessage().getHeaders()));
            ex.getMessage().setBody(chunk);
            ex.getMessage().setHeader(LlmConstants.CHUNK_INDEX, chunk.getIndex());
            ex.getMessage().setHeader(LlmConstants.CHUNK_LAST, chunk.isLast());
        });
        if (sent.getException() != null) {
            throw new LlmException("streamTo " + uri + " failed on chunk " + chunk.getIndex() + ": "
                    + sent.getException().getMessage(), sent.getException());
        }
    }

    static void writeHeaders(Message out, LlmChunk last, LlmBackend backend) {
        writeHeaders(out, last.getInputTokens(), last.getOutputTokens(), last.getFinishReason(), backend.modelName(),
                backend.name(), last.getTimeToFirstTokenMs(), last.getGenerationMs(), last.getTokensPerSecond());
    }

    /** The headers of a finished call or chat, fresh or from the response cache. */
    static void writeHeaders(Message out, Integer inputTokens, Integer outputTokens, String finishReason, String model,
                             String backend, Long timeToFirstTokenMs, Long generationMs, Double tokensPerSecond) {
        out.setHeader(LlmConstants.INPUT_TOKENS, inputTokens);
        out.setHeader(LlmConstants.OUTPUT_TOKENS, outputTokens);
        out.setHeader(LlmConstants.FINISH_REASON, finishReason);
        out.setHeader(LlmConstants.MODEL, model);
        out.setHeader(LlmConstants.BACKEND, backend);
        out.setHeader(LlmConstants.TIME_TO_FIRST_TOKEN_MS, timeToFirstTokenMs);
        out.setHeader(LlmConstants.GENERATION_MS, generationMs);
        out.setHeader(LlmConstants.TOKENS_PER_SECOND, tokensPerSecond);
    }
}
