package io.github.camelllm.component;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.camelllm.spi.LlmHealth;
import io.github.camelllm.spi.LlmOperation;

/**
 * Generate text, chat, stream tokens and compute embeddings with a local GGUF model (llama.cpp) or a remote LLM server.
 */
@UriEndpoint(
        firstVersion = "0.1.0",
        scheme = "llm",
        title = "LLM",
        syntax = "llm:operation",
        producerOnly = true,
        category = {Category.AI},
        headersClass = LlmConstants.class)
public class LlmEndpoint extends DefaultEndpoint {

    @UriPath(
            description =
                    "What to do: call (complete a prompt), chat (answer a conversation), embed (vectors for texts),"
                            + " stream (an iterator of chunks for a streaming split), models (list, pull, inspect or remove models, see the action option).",
            enums = "call,chat,embed,stream,models")
    @Metadata(required = true)
    private LlmOperation operation;

    @UriParam
    private LlmConfiguration configuration;

    private final ObjectMapper objectMapper = new ObjectMapper();
    private final EndpointHealth health = new EndpointHealth(this);

    public LlmEndpoint(String uri, LlmComponent component, LlmOperation operation, LlmConfiguration configuration) {
        super(uri, component);
        this.operation = operation;
        this.configuration = configuration;
    }

    @Override
    public Producer createProducer() throws Exception {
        return switch (operation) {
            case call -> new LlmCallProducer(this);
            case chat -> new LlmChatProducer(this);
            case embed -> new LlmEmbedProducer(this);
            case stream -> new LlmStreamProducer(this);
            case models -> new LlmModelsProducer(this);
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException(
                "the llm component only sends (to: llm:...); it cannot be used in from:");
    }

    /**
     * Whether this endpoint can serve requests now, for readiness checks: DOWN while its producer starts (the model
     * loads) or after the start failed (with the error), otherwise the backend's own health (the remote server
     * answers, the model is loaded; with {@code healthCheckProbe}, one real token). Camel's health check of the endpoint
     * reports this; a runtime with its own health API (Quarkus SmallRye Health) can call it directly. Remote answers
     * and probe results are reused for {@code healthCheckCacheTime}. Never throws.
     */
    public LlmHealth health() {
        return health.current();
    }

    EndpointHealth healthState() {
        return health;
    }

    @Override
    protected void doStop() throws Exception {
        health.unregister();
        super.doStop();
    }

    @Override
    public LlmComponent getComponent() {
        return (LlmComponent) super.getComponent();
    }

    public LlmOperation getOperation() {
        return operation;
    }

    /** What to do: call, chat, embed or stream. */
    public void setOperation(LlmOperation operation) {
        this.operation = operation;
    }

    public LlmConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(LlmConfiguration configuration) {
        this.configuration = configuration;
    }

    ObjectMapper getObjectMapper() {
        return objectMapper;
    }
}
