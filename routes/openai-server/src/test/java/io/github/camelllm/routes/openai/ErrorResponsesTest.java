package io.github.camelllm.routes.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.camelllm.spi.LlmContextLengthExceededException;
import io.github.camelllm.spi.LlmHttpException;
import io.github.camelllm.spi.LlmModelException;
import io.github.camelllm.spi.LlmQueueTimeoutException;
import io.github.camelllm.spi.LlmTimeoutException;

/** Exceptions as OpenAI error objects with their HTTP status. */
class ErrorResponsesTest {

    @RegisterExtension
    static final TestExchanges EXCHANGES = new TestExchanges();

    private final ErrorResponses responses = new ErrorResponses();

    private static String errorBody(Throwable e) {
        return ErrorResponses.body(ErrorInfo.of(e)).toString();
    }

    @Test
    void statusesAndTypes() {
        assertEquals(
                "{\"error\":{\"code\":400,\"message\":\"prompt has 5000 tokens, context is 2048: shorten\","
                        + "\"type\":\"invalid_request_error\"}}",
                errorBody(new LlmContextLengthExceededException(5000, 2048, "shorten")));
        assertEquals(
                "{\"error\":{\"code\":400,\"message\":\"\\\"input\\\" is required\",\"type\":\"invalid_request_error\"}}",
                errorBody(OpenAiRequestException.invalid("\"input\" is required")));
        assertEquals(
                "{\"error\":{\"code\":503,\"message\":\"busy\",\"type\":\"unavailable_error\"}}",
                errorBody(new LlmQueueTimeoutException("busy")));
        assertEquals(
                "{\"error\":{\"code\":504,\"message\":\"slow\",\"type\":\"timeout_error\"}}",
                errorBody(new LlmTimeoutException("slow")));
        assertEquals(
                "{\"error\":{\"code\":500,\"message\":\"broken\",\"type\":\"server_error\"}}",
                errorBody(new LlmModelException("broken")));
        assertEquals(
                "{\"error\":{\"code\":500,\"message\":\"IllegalStateException\",\"type\":\"server_error\"}}",
                errorBody(new IllegalStateException()));
    }

    @Test
    void remoteBackendErrors() {
        ErrorInfo limited = ErrorInfo.of(new LlmHttpException("http://h/v1", 429, "slow down", true, null));
        assertEquals(new ErrorInfo(503, "unavailable_error", "HTTP 429 from http://h/v1: slow down"), limited);
        assertEquals(
                503,
                ErrorInfo.of(new LlmHttpException("http://h/v1", 503, null, true, null))
                        .status());
        assertEquals(
                new ErrorInfo(502, "server_error", "HTTP 500 from http://h/v1"),
                ErrorInfo.of(new LlmHttpException("http://h/v1", 500, "", true, null)));
        assertEquals(
                new ErrorInfo(502, "server_error", "request failed from http://h/v1: refused"),
                ErrorInfo.of(new LlmHttpException("http://h/v1", 0, "refused", true, null)));
    }

    @Test
    void caughtExceptionReplacesHeadersAndBody() {
        Exchange e = EXCHANGES.exchange("partial answer");
        e.getMessage().setHeader("CamelLlmInputTokens", 3);
        e.setProperty(Exchange.EXCEPTION_CAUGHT, new LlmQueueTimeoutException("all slots busy"));
        responses.error(e);
        assertEquals(503, e.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals("1", e.getMessage().getHeader("Retry-After"));
        assertEquals("application/json; charset=utf-8", e.getMessage().getHeader(Exchange.CONTENT_TYPE));
        assertNull(e.getMessage().getHeader("CamelLlmInputTokens"));
        assertEquals(3, e.getMessage().getHeaders().size());
        assertEquals(
                "{\"error\":{\"code\":503,\"message\":\"all slots busy\",\"type\":\"unavailable_error\"}}",
                e.getMessage().getBody());

        Exchange unknown = EXCHANGES.exchange(null);
        responses.error(unknown);
        assertEquals(500, unknown.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertNull(unknown.getMessage().getHeader("Retry-After"));
        assertEquals(
                "{\"error\":{\"code\":500,\"message\":\"unknown error\",\"type\":\"server_error\"}}",
                unknown.getMessage().getBody());
    }

    @Test
    void notFound() {
        Exchange e = EXCHANGES.exchange(null);
        responses.notFound(e);
        assertEquals(404, e.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals(
                "{\"error\":{\"code\":404,\"message\":\"File Not Found\",\"type\":\"not_found_error\"}}",
                e.getMessage().getBody());
    }
}
