package io.github.camelllm.kamelets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.camelllm.component.LlmConstants;
import io.github.camelllm.spi.ChatMessage;
import io.github.camelllm.spi.LlmOutputValidationException;

/** The record handling of llm-enrich-action without a model: the llm:chat step is played by setting the body. */
class JsonRecordEnricherTest {

    static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}";

    static JsonRecordEnricher enricher(CamelContext context) {
        JsonRecordEnricher enricher = new JsonRecordEnricher();
        enricher.setCamelContext(context);
        enricher.setJsonSchema("RAW(" + SCHEMA + ")");
        return enricher;
    }

    @Test
    void unwrapsRawAndReadsReferences() throws Exception {
        assertEquals("x", JsonRecordEnricher.unwrapRaw("RAW(x)"));
        assertEquals("x", JsonRecordEnricher.unwrapRaw("RAW{x}"));
        assertEquals("RAW(x", JsonRecordEnricher.unwrapRaw("RAW(x"));
        assertEquals("{}", JsonRecordEnricher.unwrapRaw("{}"));
        try (CamelContext context = new DefaultCamelContext()) {
            assertEquals(SCHEMA, enricher(context).getSchema());
            JsonRecordEnricher fromFile = new JsonRecordEnricher();
            fromFile.setCamelContext(context);
            fromFile.setJsonSchema("classpath:schemas/ticket.json");
            assertEquals(
                    "object",
                    new ObjectMapper()
                            .readTree(fromFile.getSchema())
                            .get("type")
                            .asText());
        }
    }

    @Test
    void mergesIntoMapsAndJsonNodesAndPutsBackHeaders() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            JsonRecordEnricher enricher = enricher(context);
            enricher.setTextField(" body ");
            enricher.setTargetField("out");
            Exchange exchange = new DefaultExchange(context);
            exchange.getMessage().setBody(Map.of("body", "hello"));
            exchange.getMessage().setHeader(LlmConstants.GRAMMAR, "root ::= \"x\"");
            enricher.prepare(exchange);
            assertEquals(
                    List.of(ChatMessage.user("hello")), exchange.getMessage().getBody());
            assertEquals(SCHEMA, exchange.getMessage().getHeader(LlmConstants.JSON_SCHEMA));
            assertNull(exchange.getMessage().getHeader(LlmConstants.GRAMMAR));
            exchange.getMessage().setBody("{\"a\":\"b\"}");
            enricher.merge(exchange);
            enricher.restore(exchange);
            assertEquals(
                    "{\"body\":\"hello\",\"out\":{\"a\":\"b\"}}",
                    exchange.getMessage().getBody());
            assertNull(exchange.getMessage().getHeader(LlmConstants.JSON_SCHEMA));
            assertEquals("root ::= \"x\"", exchange.getMessage().getHeader(LlmConstants.GRAMMAR));

            Exchange node = new DefaultExchange(context);
            node.getMessage().setBody(new ObjectMapper().readTree("{\"body\":\"hi\",\"n\":1}"));
            enricher.prepare(node);
            node.getMessage().setBody("not json");
            assertThrows(LlmOutputValidationException.class, () -> enricher.merge(node));
            enricher.restore(node);
            // the failed exchange gets its original body back
            assertEquals(
                    "{\"body\":\"hi\",\"n\":1}", node.getMessage().getBody().toString());
        }
    }

    @Test
    void showsTheSchemaOnOneLineAndCutTo80CharactersInErrors() {
        JsonRecordEnricher enricher = new JsonRecordEnricher();
        // 2 + 25 * 3 + 3 = 80 characters once each line break is one space: shown whole
        String fits = "[\n" + "1,\n".repeat(25) + "22]";
        assertEquals(
                "llm-enrich-action: property jsonSchema ([ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,"
                        + " 1, 1, 22])"
                        + " must be a JSON object (a JSON schema)",
                assertThrows(IllegalArgumentException.class, () -> enricher.setJsonSchema(fits))
                        .getMessage());
        // 81 characters: the first 77 and "..."
        String longer = "[\n" + "1,\n".repeat(25) + "222]";
        assertEquals(
                "llm-enrich-action: property jsonSchema ([ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,"
                        + " 1, 1, ...)"
                        + " must be a JSON object (a JSON schema)",
                assertThrows(IllegalArgumentException.class, () -> enricher.setJsonSchema(longer))
                        .getMessage());
    }

    @Test
    void refusesBlankFieldNames() {
        JsonRecordEnricher enricher = new JsonRecordEnricher();
        assertEquals(
                "llm-enrich-action: property targetField is empty; give the name of a field of the record",
                assertThrows(IllegalArgumentException.class, () -> enricher.setTargetField(" "))
                        .getMessage());
    }
}
