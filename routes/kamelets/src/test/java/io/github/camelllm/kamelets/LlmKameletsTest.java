package io.github.camelllm.kamelets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.github.camelllm.component.LlmConstants;
import io.github.camelllm.models.bundled.BundledModel;
import io.github.camelllm.spi.LlmInvalidRequestException;

/**
 * Every Kamelet, used from YAML routes (as an endpoint, {@code to: kamelet:...}, and as the {@code kamelet} EIP), on the
 * bundled stories260K model run by llama.cpp. Each result is compared with what a plain {@code llm:} endpoint returns
 * for the same input and options at temperature 0, so the tests check that the Kamelet passes its properties on, not a
 * memorised text.
 */
class LlmKameletsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PROMPT = "Once upon a time";
    static final String STORY = "Lily went to the park with her dog. They played with a red ball all day. "
            + "When the sun went down, they walked home and Lily gave the dog a big hug.";
    /** Text with every character that breaks an unprotected endpoint URI: & % + # and a comma. */
    static final String SYSTEM = "Be brief & kind, 100% + fun #1";

    static KameletRoutes routes;
    /** (schema header, raw model answer) of every llm:chat call made with a CamelLlmJsonSchema header. */
    static final List<String[]> schemaCalls = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws Exception {
        CamelContext context = KameletRoutes.newContext(Map.of());
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (!(event instanceof CamelEvent.ExchangeSentEvent sent)) {
                    return;
                }
                String schema = sent.getExchange().getMessage().getHeader(LlmConstants.JSON_SCHEMA, String.class);
                if (sent.getEndpoint().getEndpointUri().startsWith("llm://chat") && schema != null) {
                    schemaCalls.add(new String[] {
                        schema, sent.getExchange().getMessage().getBody(String.class)
                    });
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                // Camel emits the sent event only when a notifier also takes the sending event
                return event instanceof CamelEvent.ExchangeSendingEvent
                        || event instanceof CamelEvent.ExchangeSentEvent;
            }
        });
        routes = KameletRoutes.start(
                context,
                Map.of("kamelet-routes.yaml", """
                - route:
                    from:
                      uri: direct:complete
                      steps:
                        - to: "kamelet:llm-complete-action?maxTokens=24&temperature=0"
                - route:
                    from:
                      uri: direct:complete-stop
                      steps:
                        - kamelet:
                            name: llm-complete-action
                            parameters:
                              modelPath: "%s"
                              maxTokens: 24
                              temperature: 0
                              stop: "RAW(Lily,loved)"
                - route:
                    from:
                      uri: direct:chat
                      steps:
                        - to: "kamelet:llm-chat-action?chatTemplate=chatml&maxTokens=24&temperature=0&systemMessage=RAW(%s)"
                - route:
                    from:
                      uri: direct:embed
                      steps:
                        - to: "kamelet:llm-embed-action"
                - route:
                    from:
                      uri: direct:embed-json
                      steps:
                        - kamelet:
                            name: llm-embed-action
                            parameters:
                              format: json
                - route:
                    from:
                      uri: direct:summarise
                      steps:
                        - to: "kamelet:llm-summarise-action?chatTemplate=chatml&maxWords=20&maxTokens=32&temperature=0"
                - route:
                    from:
                      uri: direct:classify
                      steps:
                        - kamelet:
                            name: llm-classify-action
                            parameters:
                              labels: "happy, sad ,angry"
                              chatTemplate: chatml
                - route:
                    from:
                      uri: direct:classify-header
                      steps:
                        - to: "kamelet:llm-classify-action?labels=happy,sad,angry&labelHeader=mood&chatTemplate=chatml"
                """.formatted(BundledModel.path(), SYSTEM), "plain-routes.yaml", """
                - route:
                    from:
                      uri: direct:call
                      steps:
                        - to: { uri: llm:call, parameters: { maxTokens: 24, temperature: 0 } }
                - route:
                    from:
                      uri: direct:chat-plain
                      steps:
                        - to: { uri: llm:chat, parameters: { chatTemplate: chatml, maxTokens: 24, temperature: 0 } }
                - route:
                    from:
                      uri: direct:embed-plain
                      steps:
                        - to: llm:embed
                - route:
                    from:
                      uri: direct:summarise-plain
                      steps:
                        - to: { uri: llm:chat, parameters: { chatTemplate: chatml, maxTokens: 32, temperature: 0 } }
                """));
    }

    @AfterAll
    static void stop() throws Exception {
        if (routes != null) {
            routes.close();
        }
    }

    static Exchange ok(Exchange exchange) {
        if (exchange.getException() != null) {
            throw new AssertionError("exchange failed: " + exchange.getException(), exchange.getException());
        }
        return exchange;
    }

    // ------------------------------------------------------------------------------------------------ complete

    @Test
    void completeReturnsWhatLlmCallReturns() {
        Exchange kamelet = ok(routes.send("direct:complete", PROMPT));
        Exchange plain = ok(routes.send("direct:call", PROMPT));
        String text = kamelet.getMessage().getBody(String.class);
        assertEquals(plain.getMessage().getBody(String.class), text);
        assertTrue(text.startsWith(", there was"), text);
        assertEquals(24, kamelet.getMessage().getHeader(LlmConstants.OUTPUT_TOKENS, Integer.class));
        assertEquals("length", kamelet.getMessage().getHeader(LlmConstants.FINISH_REASON));
        assertEquals("stories260K", kamelet.getMessage().getHeader(LlmConstants.MODEL));
    }

    @Test
    void completeAppliesStopStringsAndModelPath() {
        String full = ok(routes.send("direct:call", PROMPT)).getMessage().getBody(String.class);
        Exchange stopped = ok(routes.send("direct:complete-stop", PROMPT));
        String text = stopped.getMessage().getBody(String.class);
        // "Lily" comes before "loved" in the full continuation: the text ends right before it
        int at = full.indexOf("Lily");
        assertTrue(at > 0 && full.indexOf("loved") > at, full);
        assertEquals(full.substring(0, at), text);
        assertEquals("stop", stopped.getMessage().getHeader(LlmConstants.FINISH_REASON));
        Exchange plainStopped = ok(routes.send("direct:call", PROMPT, Map.of(LlmConstants.STOP, "Lily,loved")));
        assertEquals(plainStopped.getMessage().getBody(String.class), text);
    }

    // ------------------------------------------------------------------------------------------------ chat

    @Test
    void chatPassesTheSystemMessageWithUriSpecialCharactersIntact() {
        Exchange kamelet = ok(routes.send("direct:chat", "Tell me a story."));
        Exchange plain =
                ok(routes.send("direct:chat-plain", "Tell me a story.", Map.of(LlmConstants.SYSTEM_MESSAGE, SYSTEM)));
        Exchange noSystem = ok(routes.send("direct:chat-plain", "Tell me a story."));
        String reply = kamelet.getMessage().getBody(String.class);
        assertEquals(plain.getMessage().getBody(String.class), reply);
        assertEquals(
                plain.getMessage().getHeader(LlmConstants.INPUT_TOKENS),
                kamelet.getMessage().getHeader(LlmConstants.INPUT_TOKENS));
        // the system message reached the model: without it, the prompt is shorter
        assertTrue(noSystem.getMessage().getHeader(LlmConstants.INPUT_TOKENS, Integer.class)
                < kamelet.getMessage().getHeader(LlmConstants.INPUT_TOKENS, Integer.class));
    }

    @Test
    void chatTakesAConversation() {
        String conversation = "[{\"role\":\"user\",\"content\":\"Hello\"},{\"role\":\"assistant\",\"content\":\"Hi!\"},"
                + "{\"role\":\"user\",\"content\":\"Tell me about a cat.\"}]";
        Exchange kamelet = ok(routes.send("direct:chat", conversation));
        Exchange plain =
                ok(routes.send("direct:chat-plain", conversation, Map.of(LlmConstants.SYSTEM_MESSAGE, SYSTEM)));
        assertEquals(
                plain.getMessage().getBody(String.class), kamelet.getMessage().getBody(String.class));
        assertFalse(kamelet.getMessage().getBody(String.class).isEmpty());
    }

    // ------------------------------------------------------------------------------------------------ embed

    @Test
    void embedReturnsAVectorOfTheModelsDimension() {
        Exchange kamelet = ok(routes.send("direct:embed", PROMPT));
        float[] vector = assertInstanceOf(float[].class, kamelet.getMessage().getBody());
        assertEquals(64, vector.length);
        assertEquals(64, kamelet.getMessage().getHeader(LlmConstants.EMBEDDING_DIMENSION));
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        assertEquals(1.0, Math.sqrt(norm), 1e-3);
        float[] plain =
                ok(routes.send("direct:embed-plain", PROMPT)).getMessage().getBody(float[].class);
        assertArrayEquals(plain, vector);
    }

    @Test
    void embedReturnsOneVectorPerTextOfAList() {
        Exchange kamelet = ok(routes.send("direct:embed", List.of(PROMPT, "The dog ran to the park.")));
        List<?> vectors = assertInstanceOf(List.class, kamelet.getMessage().getBody());
        assertEquals(2, vectors.size());
        float[] first = assertInstanceOf(float[].class, vectors.get(0));
        float[] second = assertInstanceOf(float[].class, vectors.get(1));
        assertEquals(64, second.length);
        assertArrayEquals(
                ok(routes.send("direct:embed-plain", PROMPT)).getMessage().getBody(float[].class), first);
        assertFalse(java.util.Arrays.equals(first, second));
    }

    @Test
    void embedWritesJsonWithFormatJson() throws Exception {
        Exchange single = ok(routes.send("direct:embed-json", PROMPT));
        String json = assertInstanceOf(String.class, single.getMessage().getBody());
        assertEquals("application/json", single.getMessage().getHeader(Exchange.CONTENT_TYPE));
        float[] vector = JSON.readValue(json, float[].class);
        assertArrayEquals(
                ok(routes.send("direct:embed-plain", PROMPT)).getMessage().getBody(float[].class), vector);

        Exchange batch = ok(routes.send("direct:embed-json", List.of(PROMPT, "The dog ran to the park.")));
        float[][] vectors = JSON.readValue(batch.getMessage().getBody(String.class), float[][].class);
        assertEquals(2, vectors.length);
        assertArrayEquals(vector, vectors[0]);
        assertEquals(64, vectors[1].length);
    }

    // ------------------------------------------------------------------------------------------------ summarise

    @Test
    void summariseSendsTheTextWithTheSystemPromptAndLengthLimit() {
        Exchange kamelet = ok(routes.send("direct:summarise", STORY));
        String expectedSystem =
                "Summarise the text given by the user. Reply with the summary only, without an introduction."
                        + " Use at most 20 words.";
        Exchange plain = ok(routes.send(
                "direct:summarise-plain",
                "Text to summarise:\n\n" + STORY,
                Map.of(LlmConstants.SYSTEM_MESSAGE, expectedSystem)));
        String summary = kamelet.getMessage().getBody(String.class);
        assertEquals(plain.getMessage().getBody(String.class).trim(), summary);
        assertFalse(summary.isEmpty());
        assertEquals(summary.strip(), summary);
        assertTrue(kamelet.getMessage().getHeader(LlmConstants.OUTPUT_TOKENS, Integer.class) <= 32);
    }

    @Test
    void summariseRefusesAnEmptyBody() {
        for (String body : java.util.Arrays.asList("", "  \n ", null)) {
            Exchange failed = routes.send("direct:summarise", body);
            LlmInvalidRequestException e = assertInstanceOf(LlmInvalidRequestException.class, failed.getException());
            assertEquals(
                    "llm-summarise-action: the message body is empty, there is no text to summarise", e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------------ classify

    @Test
    void classifyReturnsOneOfTheLabelsAndTheAnswerFollowsTheSchema() throws Exception {
        schemaCalls.clear();
        Exchange exchange = ok(routes.send("direct:classify", STORY));
        String label = exchange.getMessage().getBody(String.class);
        assertTrue(Set.of("happy", "sad", "angry").contains(label), label);

        assertEquals(1, schemaCalls.size());
        String schemaText = schemaCalls.get(0)[0];
        String answer = schemaCalls.get(0)[1];
        JsonNode schema = JSON.readTree(schemaText);
        assertEquals(
                List.of("happy", "sad", "angry"), JSON.convertValue(schema.at("/properties/label/enum"), List.class));
        JsonSchema validator =
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaText);
        Set<ValidationMessage> errors = validator.validate(JSON.readTree(answer));
        assertTrue(errors.isEmpty(), answer + ": " + errors);
        assertEquals(label, JSON.readTree(answer).get("label").asText());
        // the schema really constrains: another label, or another field, does not validate
        assertFalse(validator.validate(JSON.readTree("{\"label\":\"hungry\"}")).isEmpty());
        assertFalse(validator
                .validate(JSON.readTree("{\"label\":\"sad\",\"why\":\"rain\"}"))
                .isEmpty());

        // greedy decoding: the same text gets the same label
        assertEquals(
                label, ok(routes.send("direct:classify", STORY)).getMessage().getBody(String.class));
    }

    @Test
    void classifyWithLabelHeaderKeepsTheBody() {
        Exchange exchange = ok(routes.send("direct:classify-header", STORY));
        assertEquals(STORY, exchange.getMessage().getBody(String.class));
        String mood = exchange.getMessage().getHeader("mood", String.class);
        assertEquals(ok(routes.send("direct:classify", STORY)).getMessage().getBody(String.class), mood);
    }

    @Test
    void classifyPutsBackTheCallersHeaders() {
        Exchange exchange =
                ok(routes.send("direct:classify", STORY, Map.of(LlmConstants.SYSTEM_MESSAGE, "the caller's")));
        assertEquals("the caller's", exchange.getMessage().getHeader(LlmConstants.SYSTEM_MESSAGE));
        assertNull(exchange.getMessage().getHeader(LlmConstants.JSON_SCHEMA));
        // a grammar left by an earlier step does not clash with the Kamelet's schema, and is put back too
        Exchange withGrammar =
                ok(routes.send("direct:classify", STORY, Map.of(LlmConstants.GRAMMAR, "root ::= \"x\"")));
        assertTrue(Set.of("happy", "sad", "angry")
                .contains(withGrammar.getMessage().getBody(String.class)));
        assertEquals("root ::= \"x\"", withGrammar.getMessage().getHeader(LlmConstants.GRAMMAR));
    }

    @Test
    void classifyRefusesAnEmptyBodyAndStillPutsBackTheHeaders() {
        Exchange nothing = routes.send("direct:classify", null);
        assertInstanceOf(LlmInvalidRequestException.class, nothing.getException());
        Exchange failed = routes.send("direct:classify", " ", Map.of(LlmConstants.SYSTEM_MESSAGE, "the caller's"));
        LlmInvalidRequestException e = assertInstanceOf(LlmInvalidRequestException.class, failed.getException());
        assertEquals("llm-classify-action: the message body is empty, there is no text to classify", e.getMessage());
        assertEquals("the caller's", failed.getMessage().getHeader(LlmConstants.SYSTEM_MESSAGE));
        assertNull(failed.getMessage().getHeader(LlmConstants.JSON_SCHEMA));
    }

    @Test
    void differentTextsCanGetDifferentAnswers() {
        // guards the comparisons above: the model's output does depend on the input
        String a = ok(routes.send("direct:complete", PROMPT)).getMessage().getBody(String.class);
        String b = ok(routes.send("direct:complete", "The dog")).getMessage().getBody(String.class);
        assertNotEquals(a, b);
    }
}
