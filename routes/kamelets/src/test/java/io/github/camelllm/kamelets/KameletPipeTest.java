package io.github.camelllm.kamelets;

import static io.github.camelllm.kamelets.LlmKameletsTest.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.camelllm.component.LlmConstants;
import io.github.camelllm.models.bundled.BundledModel;

/**
 * The Kamelets as steps of {@code kind: Pipe} definitions (src/test/resources/pipes), loaded by Camel's YAML DSL as a
 * user's Pipe files are, on the bundled model. Results are compared with plain {@code llm:} endpoints.
 */
class KameletPipeTest {

    static final String STORY = "Lily went to the park with her dog. They played with a red ball all day.";

    static KameletRoutes routes;

    static String resource(String name) throws Exception {
        try (InputStream in = KameletPipeTest.class.getResourceAsStream("/pipes/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        routes = KameletRoutes.start(
                KameletRoutes.newContext(
                        Map.of("stories.model", BundledModel.path().toString())),
                Map.of(
                        "story-pipe.yaml",
                        resource("story-pipe.yaml"),
                        "mood-pipe.yaml",
                        resource("mood-pipe.yaml"),
                        "enrich-pipe.yaml",
                        resource("enrich-pipe.yaml"),
                        "plain-routes.yaml",
                        """
                        - route:
                            from:
                              uri: direct:call
                              steps:
                                - to: { uri: llm:call, parameters: { maxTokens: 24, temperature: 0 } }
                        - route:
                            from:
                              uri: direct:classify
                              steps:
                                - to: "kamelet:llm-classify-action?labels=happy,sad,angry&chatTemplate=chatml"
                        - route:
                            from:
                              uri: direct:chat
                              steps:
                                - to: { uri: llm:chat, parameters: { chatTemplate: chatml, maxTokens: 16, temperature: 0 } }
                        - route:
                            from:
                              uri: direct:embed
                              steps:
                                - to: llm:embed
                        - route:
                            from:
                              uri: direct:chat-ticket
                              steps:
                                - to:
                                    uri: llm:chat
                                    parameters:
                                      jsonSchema: classpath:schemas/ticket.json
                                      chatTemplate: chatml
                                      maxTokens: 96
                                      temperature: 0
                        """));
    }

    @AfterAll
    static void stop() throws Exception {
        if (routes != null) {
            routes.close();
        }
    }

    @Test
    void completePipeDeliversTheContinuationToTheSink() throws Exception {
        MockEndpoint sink = routes.context.getEndpoint("mock:stories", MockEndpoint.class);
        sink.reset();
        sink.expectedMessageCount(1);
        ok(routes.send("direct:story", "Once upon a time"));
        sink.assertIsSatisfied(10_000);
        String text = sink.getReceivedExchanges().get(0).getMessage().getBody(String.class);

        String expected = ok(routes.send("direct:call", "Once upon a time", Map.of(LlmConstants.STOP, "Lily,loved")))
                .getMessage()
                .getBody(String.class);
        assertEquals(expected, text);
        String full =
                ok(routes.send("direct:call", "Once upon a time")).getMessage().getBody(String.class);
        assertTrue(full.startsWith(text) && full.length() > text.length(), text + " / " + full);
        assertEquals("stop", sink.getReceivedExchanges().get(0).getMessage().getHeader(LlmConstants.FINISH_REASON));
    }

    @Test
    void moodPipeClassifiesAnswersAndEmbeds() throws Exception {
        MockEndpoint sink = routes.context.getEndpoint("mock:moods", MockEndpoint.class);
        sink.reset();
        sink.expectedMessageCount(1);
        ok(routes.send("direct:mood", STORY));
        sink.assertIsSatisfied(10_000);
        Exchange received = sink.getReceivedExchanges().get(0);

        String mood = received.getMessage().getHeader("mood", String.class);
        assertTrue(Set.of("happy", "sad", "angry").contains(mood), mood);
        assertEquals(ok(routes.send("direct:classify", STORY)).getMessage().getBody(String.class), mood);

        // the chat step saw the text (labelHeader kept it) and the system message arrived intact through the Pipe
        String reply = ok(routes.send(
                        "direct:chat", STORY, Map.of(LlmConstants.SYSTEM_MESSAGE, "Be brief & kind, 100% + fun #1")))
                .getMessage()
                .getBody(String.class);
        float[] expected = ok(routes.send("direct:embed", reply)).getMessage().getBody(float[].class);
        float[] vector = new ObjectMapper().readValue(received.getMessage().getBody(String.class), float[].class);
        assertEquals(64, vector.length);
        assertArrayEquals(expected, vector);
        assertEquals("application/json", received.getMessage().getHeader(Exchange.CONTENT_TYPE));
        assertEquals(
                List.of(),
                List.of(received.getMessage().getHeaders().keySet().stream()
                        .filter(h -> h.equals(LlmConstants.JSON_SCHEMA) || h.equals(LlmConstants.SYSTEM_MESSAGE))
                        .toArray()));
    }

    @Test
    void enrichPipeAddsTheModelsAnswerToEachRecord() throws Exception {
        MockEndpoint sink = routes.context.getEndpoint("mock:enriched", MockEndpoint.class);
        sink.reset();
        sink.expectedMessageCount(2);
        String[] texts = {"I was charged twice for my order.", "My parcel never arrived."};
        for (int i = 0; i < texts.length; i++) {
            ok(routes.send("direct:tickets", "{\"id\":" + i + ",\"text\":\"" + texts[i] + "\",\"lang\":\"en\"}"));
        }
        sink.assertIsSatisfied(10_000);
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < texts.length; i++) {
            Exchange received = sink.getReceivedExchanges().get(i);
            JsonNode record = json.readTree(received.getMessage().getBody(String.class));
            assertEquals(List.of("id", "text", "lang", "enrichment"), List.copyOf(iterable(record.fieldNames())));
            assertEquals(i, record.get("id").asInt());
            assertEquals(texts[i], record.get("text").asText());
            assertEquals("en", record.get("lang").asText());
            // the system message arrived intact through the Pipe, and the schema is the classpath file's
            String plain = ok(routes.send(
                            "direct:chat-ticket",
                            texts[i],
                            Map.of(LlmConstants.SYSTEM_MESSAGE, "Classify the ticket & summarise it, 60 chars max #1")))
                    .getMessage()
                    .getBody(String.class);
            assertEquals(json.readTree(plain), record.get("enrichment"));
            assertTrue(Set.of("billing", "shipping", "technical", "other")
                    .contains(record.at("/enrichment/category").asText()));
            assertEquals("application/json", received.getMessage().getHeader(Exchange.CONTENT_TYPE));
        }
    }

    static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
