package io.github.camelllm.contract;

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.camelllm.component.BackendSpecs;
import io.github.camelllm.component.LlmComponent;
import io.github.camelllm.component.LlmConfiguration;
import io.github.camelllm.llamacpp.LlamaCppBackendFactory;
import io.github.camelllm.models.bundled.BundledModel;
import io.github.camelllm.remote.ollama.OllamaWireServer;
import io.github.camelllm.spi.BackendSpec;
import io.github.camelllm.spi.ChatMessage;
import io.github.camelllm.spi.EmbeddingRequest;
import io.github.camelllm.spi.GenerationRequest;
import io.github.camelllm.spi.GenerationStream;
import io.github.camelllm.spi.LlmBackend;
import io.github.camelllm.spi.LlmBackendContext;
import io.github.camelllm.spi.LlmChunk;
import io.github.camelllm.spi.LlmOperation;
import io.github.camelllm.spi.SamplingOptions;
import io.github.camelllm.support.FloatVectors;

/**
 * The answers of the in-JVM Ollama wire server come from the real bundled model through the local backend, so the
 * ollama backend is tested against real generations (chat rendered with chatml, as an Ollama Modelfile would).
 */
final class LocalOllamaEngine implements OllamaWireServer.Engine, AutoCloseable {

    private final CamelContext context = new DefaultCamelContext();
    private final LlmBackend generation;
    private final LlmBackend embeddings;

    LocalOllamaEngine() {
        context.start();
        LlmConfiguration config = new LlmConfiguration();
        config.setParallel(2);
        LlmBackendContext runtime = ((LlmComponent) context.getComponent("llm")).runtime();
        generation = new LlamaCppBackendFactory().create(spec(LlmOperation.call, config), runtime);
        embeddings = new LlamaCppBackendFactory().create(spec(LlmOperation.embed, config), runtime);
    }

    private static BackendSpec spec(LlmOperation operation, LlmConfiguration config) {
        return new BackendSpec(
                "local", operation, BundledModel.path(), BackendSpecs.remote(config), BackendSpecs.load(config));
    }

    @Override
    public OllamaWireServer.Completion complete(OllamaWireServer.CompletionRequest request) {
        ObjectNode o = request.options();
        SamplingOptions sampling = new SamplingOptions(
                request.numPredict(),
                (float) o.path("temperature").asDouble(0.8),
                (float) o.path("top_p").asDouble(0.95),
                o.path("top_k").asInt(40),
                (float) o.path("min_p").asDouble(0.05),
                (float) o.path("repeat_penalty").asDouble(1.0),
                o.hasNonNull("seed") ? o.get("seed").asInt() : null,
                request.stop(),
                null,
                null);
        GenerationRequest g = request.isChat()
                ? new GenerationRequest(
                        null,
                        request.messages().stream()
                                .map(m -> new ChatMessage(m.role(), m.content()))
                                .toList(),
                        "chatml",
                        sampling,
                        60_000,
                        60_000,
                        true)
                : new GenerationRequest(request.prompt(), null, null, sampling, 60_000, 60_000, true);
        GenerationStream stream = generation.generate(g);
        return new OllamaWireServer.Completion() {
            private LlmChunk last;

            @Override
            public String nextPiece() {
                while (stream.hasNext()) {
                    LlmChunk chunk = stream.next();
                    if (chunk.isLast()) {
                        last = chunk;
                    }
                    if (!chunk.getText().isEmpty()) {
                        return chunk.getText();
                    }
                }
                return null;
            }

            @Override
            public int promptTokens() {
                return stream.inputTokens();
            }

            @Override
            public String doneReason() {
                return last == null ? "stop" : last.getFinishReason();
            }

            @Override
            public int outputTokens() {
                return last == null ? 0 : last.getOutputTokens();
            }

            @Override
            public void close() {
                stream.close();
            }
        };
    }

    @Override
    public float[][] embed(String model, List<String> inputs) {
        // Ollama answers unit-length vectors
        return embeddings.embed(new EmbeddingRequest(inputs, 60_000, 60_000)).vectors().stream()
                .map(FloatVectors::l2Normalized)
                .toArray(float[][]::new);
    }

    @Override
    public int countTokens(List<String> inputs) {
        return embeddings.embed(new EmbeddingRequest(inputs, 60_000, 60_000)).inputTokens();
    }

    @Override
    public void close() {
        generation.close();
        embeddings.close();
        context.stop();
    }
}
