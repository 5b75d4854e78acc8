package io.github.camelllm.component;

import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.WrappedFile;
import org.apache.camel.support.DefaultProducer;

import io.github.camelllm.chat.ChatMessages;
import io.github.camelllm.spi.ChatMessage;
import io.github.camelllm.spi.GenerationRequest;
import io.github.camelllm.spi.LlmBackend;
import io.github.camelllm.spi.LlmHealthOptions;
import io.github.camelllm.spi.LlmInvalidRequestException;

/** Holds the backend of one producer: opened when the producer starts, released when it stops. */
abstract class AbstractLlmProducer extends DefaultProducer {

    private volatile LlmBackend backend;
    private TextResources texts;
    /** The endpoint's options, checked once at start; exchanges without option headers use them as they are. */
    private RequestOptions endpointOptions;

    private volatile LlmObservers observers = LlmObservers.NONE;
    private volatile ResponseCaching caching = ResponseCaching.DISABLED;

    AbstractLlmProducer(LlmEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public LlmEndpoint getEndpoint() {
        return (LlmEndpoint) super.getEndpoint();
    }

    LlmConfiguration configuration() {
        return getEndpoint().getConfiguration();
    }

    LlmBackend backend() {
        LlmBackend b = backend;
        if (b == null) {
            throw new IllegalStateException("producer for " + getEndpoint().getEndpointUri() + " is not started");
        }
        return b;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        EndpointHealth health = getEndpoint().healthState();
        health.starting();
        try {
            texts = new TextResources(getEndpoint().getCamelContext());
            // the endpoint's own values are checked now, so that a bad option fails the route at start, not on traffic
            endpointOptions =
                    RequestOptions.endpoint(configuration(), getEndpoint().getObjectMapper(), texts);
            caching = ResponseCaching.create(getEndpoint(), cacheable());
            LlmHealthOptions healthOptions = HealthSettings.of(getEndpoint(), texts);
            LlmBackends.Choice choice = LlmBackends.choose(getEndpoint().getCamelContext(), configuration());
            health.chosen(choice);
            backend = LlmBackends.create(
                    getEndpoint().getCamelContext(),
                    getEndpoint().getComponent().runtime(),
                    choice,
                    getEndpoint().getOperation());
            observers = LlmObservers.lookup(getEndpoint().getCamelContext());
            health.started(this, backend, healthOptions);
        } catch (RuntimeException | Error e) {
            health.failed(e);
            throw e;
        }
    }

    @Override
    protected void doStop() throws Exception {
        LlmBackend b = backend;
        backend = null;
        if (b != null) {
            getEndpoint().healthState().stopped(this);
            b.close();
        }
        super.doStop();
    }

    /** Whether this producer's answers may be cached (cacheEnabled); stream and streamTo deliver chunks, so never. */
    boolean cacheable() {
        return true;
    }

    /** The response cache of this producer; disabled unless cacheEnabled=true. */
    ResponseCaching caching() {
        return caching;
    }

    /** The LlmObservers of the CamelContext registry, looked up when the producer started. */
    LlmObservers observers() {
        return observers;
    }

    RequestOptions options(Exchange exchange) {
        return RequestOptions.resolve(
                exchange.getMessage(), configuration(), getEndpoint().getObjectMapper(), texts, endpointOptions);
    }

    /** The prompt of operation call (and of stream with a text body). */
    static String prompt(Exchange exchange, String operation) {
        Message in = exchange.getMessage();
        Object body = in.getBody();
        if (body == null) {
            throw new LlmInvalidRequestException("llm:" + operation + " needs a prompt: the message body is empty");
        }
        String prompt;
        if (body instanceof CharSequence cs) {
            prompt = cs.toString();
        } else if (body instanceof byte[]
                || body instanceof InputStream
                || body instanceof Reader
                || body instanceof ByteBuffer
                || body instanceof WrappedFile<?>) {
            prompt = in.getBody(String.class);
        } else {
            throw new LlmInvalidRequestException("llm:" + operation + " expects a String prompt in the body, got "
                    + body.getClass().getName()
                    + ("call".equals(operation) ? " (use llm:chat for a list of messages)" : ""));
        }
        if (prompt == null || prompt.isBlank()) {
            throw new LlmInvalidRequestException("llm:" + operation + " needs a prompt: the message body is blank");
        }
        return prompt;
    }

    /** The conversation of operation chat, with the systemMessage option prepended. */
    List<ChatMessage> messages(Exchange exchange, RequestOptions options) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof WrappedFile<?>
                || body instanceof InputStream
                || body instanceof byte[]
                || body instanceof Reader) {
            body = exchange.getMessage().getBody(String.class);
        }
        try {
            return ChatMessages.withSystem(
                    ChatMessages.fromBody(body, getEndpoint().getObjectMapper()), options.systemMessage);
        } catch (IllegalArgumentException e) {
            throw new LlmInvalidRequestException("llm:chat " + e.getMessage(), e);
        }
    }

    GenerationRequest promptRequest(String prompt, RequestOptions options) {
        return new GenerationRequest(
                prompt,
                null,
                options.chatTemplate,
                options.sampling,
                options.timeoutMillis,
                options.queueTimeoutMillis);
    }

    GenerationRequest chatRequest(List<ChatMessage> messages, RequestOptions options) {
        return new GenerationRequest(
                null,
                messages,
                options.chatTemplate,
                options.sampling,
                options.timeoutMillis,
                options.queueTimeoutMillis);
    }
}
