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

    private GenerationRunner() {}

    /** What a generation produced so far: the text, and the last chunk once it arrived (null until then). */
    private static final class Progress {
        final StringBuilder text = new StringBuilder();
        LlmChunk last;
    }

    static void run(
            Exchange exchange,
            LlmBackend backend,
            GenerationRequest request,
            LlmEndpoint endpoint,
            ProducerTemplate streamTemplate,
            String operation,
            LlmObservers observers) {
        long start = System.nanoTime();
        Progress progress = new Progress();
        try {
            generate(exchange, backend, request, endpoint, streamTemplate, progress);
            finish(exchange, backend, request, endpoint, progress);
        } catch (RuntimeException | Error e) {
            observers.generation(
                    operation, backend, progress.last, start, LlmObservers.errorType(e), request, progress.text);
            throw e;
        }
        observers.generation(operation, backend, progress.last, start, null, request, progress.text);
    }

    private static void generate(
            Exchange exchange,
            LlmBackend backend,
            GenerationRequest request,
            LlmEndpoint endpoint,
            ProducerTemplate streamTemplate,
            Progress progress) {
        String streamTo = endpoint.getConfiguration().getStreamTo();
        try (GenerationStream stream = backend.generate(request)) {
            while (stream.hasNext()) {
                LlmChunk chunk = stream.next();
                progress.text.append(chunk.getText());
                if (chunk.isLast()) {
                    progress.last = chunk;
                }
                if (streamTemplate != null && streamTo != null) {
                    forward(streamTemplate, streamTo, exchange, chunk);
                }
            }
        }
        if (progress.last == null) {
            throw new LlmException("the " + backend.name() + " backend ended the generation without a final chunk");
        }
    }

    private static void finish(
            Exchange exchange, LlmBackend backend, GenerationRequest request, LlmEndpoint endpoint, Progress progress) {
        String result = progress.text.toString();
        OutputValidator.check(request.sampling().jsonSchema(), result, progress.last, endpoint.getObjectMapper());
        Message out = exchange.getMessage();
        out.setBody(result);
        writeHeaders(out, progress.last, backend);
    }

    static void forward(ProducerTemplate template, String uri, Exchange source, LlmChunk chunk) {
        Exchange sent = template.send(uri, ex -> {
            ex.getMessage()
                    .setHeaders(new java.util.HashMap<>(source.getMessage().getHeaders()));
            ex.getMessage().setBody(chunk);
            ex.getMessage().setHeader(LlmConstants.CHUNK_INDEX, chunk.getIndex());
            ex.getMessage().setHeader(LlmConstants.CHUNK_LAST, chunk.isLast());
        });
        if (sent.getException() != null) {
            throw new LlmException(
                    "streamTo " + uri + " failed on chunk " + chunk.getIndex() + ": "
                            + sent.getException().getMessage(),
                    sent.getException());
        }
    }

    static void writeHeaders(Message out, LlmChunk last, LlmBackend backend) {
        writeHeaders(
                out,
                last.getInputTokens(),
                last.getOutputTokens(),
                last.getFinishReason(),
                backend.modelName(),
                backend.name(),
                last.getTimeToFirstTokenMs(),
                last.getGenerationMs(),
                last.getTokensPerSecond());
    }

    /** The headers of a finished call or chat, fresh or from the response cache. */
    static void writeHeaders(
            Message out,
            Integer inputTokens,
            Integer outputTokens,
            String finishReason,
            String model,
            String backend,
            Long timeToFirstTokenMs,
            Long generationMs,
            Double tokensPerSecond) {
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
