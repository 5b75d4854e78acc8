package io.github.camelllm.kamelets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.camelllm.spi.LlmInvalidRequestException;

/**
 * Missing or bad Kamelet properties: the route fails to start (or, for what only the model can tell, the exchange
 * fails), with a message that names the Kamelet or the option and says what is wrong.
 */
class KameletErrorsTest {

    static String route(String kameletUri) {
        return """
                - route:
                    from:
                      uri: direct:in
                      steps:
                        - to: "%s"
                """.formatted(kameletUri);
    }

    /** The messages of the exception and all its causes, outermost first. */
    static List<String> messages(Throwable t) {
        List<String> all = new ArrayList<>();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.add(c.getClass().getSimpleName() + ": " + c.getMessage());
        }
        return all;
    }

    /** Starts the route, which must fail; returns the innermost cause. */
    static Throwable startFails(String kameletUri, String expectedRootMessage) {
        Exception e = assertThrows(
                Exception.class, () -> KameletRoutes.start(route(kameletUri)).close());
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertEquals(expectedRootMessage, root.getMessage(), String.join("\n", messages(e)));
        return root;
    }

    @Test
    void missingRequiredPropertyFailsTheStart() {
        Throwable root = startFails(
                "kamelet:llm-classify-action?chatTemplate=chatml",
                "Route template llm-classify-action the following mandatory parameters must be provided: labels");
        assertInstanceOf(IllegalArgumentException.class, root);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "a,,b        | llm-classify-action: label 2 of labels 'a,,b' is blank (two commas in a row, or a comma at the start or end)",
                "yes,no,     | llm-classify-action: label 3 of labels 'yes,no,' is blank (two commas in a row, or a comma at the start or end)",
                "spam        | llm-classify-action: labels 'spam' names a single label; give at least two, separated by commas",
                "spam,ham,spam | llm-classify-action: label 'spam' appears twice in labels 'spam,ham,spam'",
            })
    void badLabelsFailTheStart(String labels, String message) {
        assertInstanceOf(
                IllegalArgumentException.class,
                startFails("kamelet:llm-classify-action?chatTemplate=chatml&labels=" + labels, message));
    }

    @Test
    void blankLabelsFailTheStart() {
        startFails(
                "kamelet:llm-classify-action?labels=RAW( )",
                "llm-classify-action: property labels is empty; give at least two labels, separated by commas "
                        + "(e.g. labels=positive,negative,neutral)");
    }

    @Test
    void unknownEmbeddingFormatFailsTheStart() {
        startFails(
                "kamelet:llm-embed-action?format=xml",
                "llm-embed-action: property format is 'xml'; it must be vector (float[] or List<float[]>) or json (a JSON array text)");
    }

    @Test
    void optionOutOfRangeFailsTheStartWithTheComponentsMessage() {
        Throwable root = startFails(
                "kamelet:llm-complete-action?temperature=-3",
                "option temperature=-3.0 is out of range: must be between 0.0 and 100.0");
        assertInstanceOf(LlmInvalidRequestException.class, root);
        startFails(
                "kamelet:llm-summarise-action?maxTokens=0",
                "option maxTokens=0 is out of range: must be -1 (until end of text) or between 1 and 1048576");
    }

    @Test
    void unknownBackendFailsTheStart() {
        startFails(
                "kamelet:llm-chat-action?backend=cloud",
                "unknown backend 'cloud': expected auto, local, openai or ollama, or the"
                        + " name (letters, digits, '-') of a backend on the classpath, registered in"
                        + " META-INF/services/io/github/camelllm/backend/<name>");
    }

    @Test
    void missingModelFileFailsTheStart() {
        Exception e = assertThrows(
                Exception.class,
                () -> KameletRoutes.start(
                                route("kamelet:llm-complete-action?backend=local&modelPath=/nonexistent/model.gguf"))
                        .close());
        assertTrue(
                messages(e).stream()
                        .anyMatch(m -> m.contains("model file not found") && m.contains("/nonexistent/model.gguf")),
                String.join("\n", messages(e)));
    }

    @Test
    void chatOnAModelWithoutTemplateAsksForChatTemplate() throws Exception {
        try (KameletRoutes routes = KameletRoutes.start(route("kamelet:llm-chat-action?maxTokens=4"))) {
            Exchange failed = routes.send("direct:in", "Hello");
            Exception e = failed.getException();
            assertTrue(
                    e != null
                            && e.getMessage().contains("has no chat template")
                            && e.getMessage().contains("set the chatTemplate option"),
                    String.valueOf(e));
        }
    }

    @Test
    void enrichWithoutJsonSchemaFailsTheStart() {
        assertInstanceOf(
                IllegalArgumentException.class,
                startFails(
                        "kamelet:llm-enrich-action?chatTemplate=chatml",
                        "Route template llm-enrich-action the following mandatory parameters must be provided: jsonSchema"));
        startFails(
                "kamelet:llm-enrich-action?jsonSchema=RAW( )",
                "llm-enrich-action: property jsonSchema is empty; give a JSON schema, inline or as a file:, classpath: or "
                        + "http: reference (e.g. jsonSchema=classpath:schemas/enrichment.json)");
    }

    @Test
    void enrichWithAnUnreadableOrMalformedJsonSchemaFailsTheStart() {
        Exception e = assertThrows(
                Exception.class,
                () -> KameletRoutes.start(route("kamelet:llm-enrich-action?jsonSchema=classpath:schemas/nope.json"))
                        .close());
        assertTrue(
                messages(e).stream()
                        .anyMatch(m -> m.contains("llm-enrich-action: property jsonSchema refers to "
                                + "classpath:schemas/nope.json, which cannot be read")),
                String.join("\n", messages(e)));
        startFails(
                "kamelet:llm-enrich-action?jsonSchema=RAW([1,2])",
                "llm-enrich-action: property jsonSchema ([1,2]) must be a JSON object (a JSON schema)");
        startFails(
                "kamelet:llm-enrich-action?jsonSchema=RAW(type: object)",
                "llm-enrich-action: property jsonSchema (type: object) is not valid JSON at line 1, column 1: "
                        + "Unrecognized token 'type': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
        startFails(
                "kamelet:llm-enrich-action?jsonSchema=classpath:schemas/ticket.json&textField=RAW( )",
                "llm-enrich-action: property textField is empty; give the name of a field of the record");
    }
}
