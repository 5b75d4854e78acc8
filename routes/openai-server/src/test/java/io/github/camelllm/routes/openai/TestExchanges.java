package io.github.camelllm.routes.openai;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Exchanges for the parsers and renderers without a server: a CamelContext (for the type converters) started before
 * the tests of a class and closed after them, and helpers for the random and time-dependent parts of responses.
 */
final class TestExchanges implements BeforeAllCallback, AfterAllCallback {

    private DefaultCamelContext context;

    @Override
    public void beforeAll(ExtensionContext extension) {
        context = new DefaultCamelContext();
        context.start();
    }

    @Override
    public void afterAll(ExtensionContext extension) throws IOException {
        context.close();
    }

    /** A new exchange with this body (e.g. the JSON text of a request). */
    Exchange exchange(Object body) {
        Exchange e = new DefaultExchange(context);
        e.getMessage().setBody(body);
        return e;
    }

    /**
     * The JSON text with the random id and the creation time of a response replaced by {@code "created":0} and
     * {@code "id":"<prefix>ID"}, after checking that the id is the prefix and 32 letters or digits.
     */
    static String withoutIdAndTime(String json) {
        return json.replaceAll(
                "\"created\":\\d+,\"id\":\"((?:chatcmpl|cmpl)-)[A-Za-z0-9]{32}\"", "\"created\":0,\"id\":\"$1ID\"");
    }

    /** Everything the stream gives, as UTF-8. */
    static String drain(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
