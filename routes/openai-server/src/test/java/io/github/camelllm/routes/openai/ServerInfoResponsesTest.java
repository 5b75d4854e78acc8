package io.github.camelllm.routes.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/** GET /health and GET /v1/models. */
class ServerInfoResponsesTest {

    @RegisterExtension
    static final TestExchanges EXCHANGES = new TestExchanges();

    private final ServerInfoResponses responses = new ServerInfoResponses();

    @Test
    void health() {
        Exchange e = EXCHANGES.exchange(null);
        responses.health(e);
        assertEquals(200, e.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals("application/json; charset=utf-8", e.getMessage().getHeader(Exchange.CONTENT_TYPE));
        assertEquals("{\"status\":\"ok\"}", e.getMessage().getBody());
    }

    @Test
    void modelsListsTheServedModel() throws Exception {
        Exchange e = EXCHANGES.exchange(null);
        e.setProperty(OpenAiProperties.MODEL_NAME, "stories");
        responses.models(e);
        String body = e.getMessage().getBody(String.class);
        assertEquals(
                "{\"object\":\"list\",\"data\":[{\"id\":\"stories\",\"object\":\"model\",\"created\":0,\"owned_by\":\"camel-llm\"}]}",
                body.replaceFirst("\"created\":\\d+", "\"created\":0"));
        long created =
                TestServer.json(body).path("data").path(0).path("created").asLong();
        assertTrue(created > 0 && created <= System.currentTimeMillis() / 1000, body);
    }

    @Test
    void blankModelNameFallsBackToTheDefault() throws Exception {
        Exchange e = EXCHANGES.exchange(null);
        e.setProperty(OpenAiProperties.MODEL_NAME, " ");
        responses.models(e);
        JsonNode model = TestServer.json(e.getMessage().getBody(String.class))
                .path("data")
                .path(0);
        assertEquals("camel-llm", model.path("id").asText());
    }
}
