package io.github.camelllm.routes.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Which endpoint a method and path are for, below the base path. */
class OpenAiDispatcherTest {

    @RegisterExtension
    static final TestExchanges EXCHANGES = new TestExchanges();

    @Test
    void pathsUnderTheBasePath() {
        assertEquals("/v1/models", OpenAiDispatcher.relativePath("/v1/models", "/"));
        assertEquals("/v1/models", OpenAiDispatcher.relativePath("/llm/v1/models", "/llm/"));
        assertEquals("/v1/models", OpenAiDispatcher.relativePath("/llm/v1/models", " /llm// "));
        assertEquals("/", OpenAiDispatcher.relativePath("/llm", "/llm"));
        assertEquals("/health", OpenAiDispatcher.relativePath("/health", null));
        assertNull(OpenAiDispatcher.relativePath("/llmx/v1/models", "/llm"));
    }

    @Test
    void operationsWithAndWithoutV1() {
        assertEquals("chat", OpenAiDispatcher.operation("POST", "/v1/chat/completions"));
        assertEquals("chat", OpenAiDispatcher.operation("post", "/chat/completions/"));
        assertEquals("completions", OpenAiDispatcher.operation("POST", "/v1/completions"));
        assertEquals("embeddings", OpenAiDispatcher.operation("POST", "/embeddings"));
        assertEquals("models", OpenAiDispatcher.operation("GET", "/v1/models"));
        assertEquals("health", OpenAiDispatcher.operation("GET", "/health"));
        assertEquals("health", OpenAiDispatcher.operation("GET", "/v1/health"));
        assertEquals("notFound", OpenAiDispatcher.operation("GET", "/v1/chat/completions"));
        assertEquals("notFound", OpenAiDispatcher.operation("POST", "/v1/models"));
        assertEquals("notFound", OpenAiDispatcher.operation("GET", "/"));
        assertEquals("notFound", OpenAiDispatcher.operation("GET", null));
    }

    @Test
    void dispatchSetsTheOperationAndDropsTheRequestHeaders() {
        Exchange e = EXCHANGES.exchange("{}");
        e.setProperty(OpenAiProperties.BASE_PATH, "/llm");
        e.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
        e.getMessage().setHeader(Exchange.HTTP_PATH, "/llm/v1/embeddings");
        e.getMessage().setHeader("Authorization", "Bearer secret");
        new OpenAiDispatcher().dispatch(e);
        assertEquals("embeddings", e.getProperty(OpenAiProperties.OPERATION));
        assertTrue(
                e.getMessage().getHeaders().isEmpty(),
                e.getMessage().getHeaders().toString());

        Exchange outside = EXCHANGES.exchange(null);
        outside.setProperty(OpenAiProperties.BASE_PATH, "/llm");
        outside.getMessage().setHeader(Exchange.HTTP_PATH, "/other/health");
        new OpenAiDispatcher().dispatch(outside);
        assertEquals("notFound", outside.getProperty(OpenAiProperties.OPERATION));
    }
}
