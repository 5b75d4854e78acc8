package io.github.camelllm.routes.openai;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Errors as OpenAI error objects ({@code {"error":{"code","message","type"}}}) with the HTTP status of
 * {@link ErrorInfo}: unknown paths, and whatever the route's doCatch caught.
 */
public class ErrorResponses {

    /** Any other path or method. */
    public void notFound(Exchange exchange) {
        respond(exchange, new OpenAiRequestException(404, "not_found_error", "File Not Found"));
    }

    /** In doCatch: the caught exception as an OpenAI error object with its HTTP status. */
    public void error(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        respond(exchange, e == null ? new IllegalStateException("unknown error") : e);
    }

    /** Replaces the headers and body with the error response; a 503 also gets {@code Retry-After: 1}. */
    static void respond(Exchange exchange, Exception e) {
        ErrorInfo info = ErrorInfo.of(e);
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        if (info.status() == 503) {
            out.setHeader("Retry-After", "1");
        }
        JsonResponses.write(exchange, info.status(), body(info));
    }

    /** The OpenAI error object. */
    static ObjectNode body(ErrorInfo info) {
        ObjectNode body = JsonResponses.object();
        body.putObject("error")
                .put("code", info.status())
                .put("message", info.message())
                .put("type", info.type());
        return body;
    }
}
