package io.github.camelllm.kamelets;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.ResourceHelper;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.camelllm.component.LlmConstants;
import io.github.camelllm.spi.ChatMessage;
import io.github.camelllm.spi.LlmInvalidRequestException;
import io.github.camelllm.spi.LlmOutputValidationException;
import io.github.camelllm.support.Texts;

/**
 * The record handling of the {@code llm-enrich-action} Kamelet, as a route-template local bean.
 *
 * <p>The JSON schema, the text field and the target field are set once, when the Kamelet's route is created; the
 * schema is read then (inline JSON, or a {@code file:}, {@code classpath:}, {@code http(s):} reference) and must be a
 * JSON object, so a missing file or a malformed schema fails the route start. For each exchange,
 * {@link #prepare(Exchange)} reads the record (a JSON object) from the body, takes the text from its text field, makes
 * that text the one user message of the conversation and puts the schema in the {@code CamelLlmJsonSchema} header;
 * after {@code llm:chat}, {@link #merge(Exchange)} stores the model's JSON answer in the record under the target field
 * and makes the record, as JSON text, the body; {@link #restore(Exchange)} (run in a {@code doFinally}) puts back the
 * header values the exchange had before and, when the enrichment failed, the original body.
 */
public class JsonRecordEnricher implements CamelContextAware {

    static final String KAMELET = "llm-enrich-action";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader STRICT = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String[] REFERENCES = {"file:", "classpath:", "http:", "https:"};
    private static final String SAVED = "CamelLlmKameletEnrichSaved";
    private static final String RECORD = "CamelLlmKameletEnrichRecord";
    private static final String ORIGINAL_BODY = "CamelLlmKameletEnrichBody";
    private static final String ABSENT = "\u0000absent";
    /** Characters of the jsonSchema property shown in its error messages. */
    private static final int SHOWN_SOURCE = 80;

    private CamelContext camelContext;
    private String schemaSource;
    private String schema;
    private String textField = "text";
    private String targetField = "enrichment";

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        if (schemaSource != null) {
            getSchema();
        }
    }

    /**
     * Inline JSON, or a file:, classpath:, http: or https: reference; read and checked at once. The Kamelet passes the
     * value as {@code RAW(...)}, which keeps Camel's property parser from taking the <code>}}</code> of nested JSON
     * objects for the end of a placeholder; the wrapper is removed here.
     */
    public void setJsonSchema(String jsonSchema) {
        jsonSchema = unwrapRaw(jsonSchema);
        if (jsonSchema == null || jsonSchema.isBlank()) {
            throw new IllegalArgumentException(
                    KAMELET + ": property jsonSchema is empty; give a JSON schema, inline or as a "
                            + "file:, classpath: or http: reference (e.g. jsonSchema=classpath:schemas/enrichment.json)");
        }
        this.schemaSource = jsonSchema.trim();
        this.schema = null;
        if (camelContext != null || !isReference(schemaSource)) {
            getSchema();
        }
    }

    /** The schema text sent to the model (a reference is read when both it and the CamelContext are known). */
    public String getSchema() {
        if (schema == null && schemaSource != null) {
            schema = checkSchema(isReference(schemaSource) ? read(schemaSource) : schemaSource);
        }
        return schema;
    }

    /** RAW(text) or RAW{text} becomes text; anything else is returned as it is. */
    static String unwrapRaw(String value) {
        if (value != null
                && value.length() >= 5
                && value.startsWith("RAW")
                && ((value.charAt(3) == '(' && value.endsWith(")"))
                        || (value.charAt(3) == '{' && value.endsWith("}")))) {
            return value.substring(4, value.length() - 1);
        }
        return value;
    }

    public void setTextField(String textField) {
        this.textField = field("textField", textField);
    }

    public String getTextField() {
        return textField;
    }

    public void setTargetField(String targetField) {
        this.targetField = field("targetField", targetField);
    }

    public String getTargetField() {
        return targetField;
    }

    private static String field(String property, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    KAMELET + ": property " + property + " is empty; give the name of a field " + "of the record");
        }
        return value.trim();
    }

    static boolean isReference(String value) {
        for (String prefix : REFERENCES) {
            if (value.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private String read(String reference) {
        if (camelContext == null) {
            throw new IllegalStateException(KAMELET + ": no CamelContext to read jsonSchema " + reference + " with");
        }
        try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(camelContext, reference)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalArgumentException(
                    KAMELET + ": property jsonSchema refers to " + reference + ", which cannot be read: "
                            + e.getMessage(),
                    e);
        }
    }

    private String checkSchema(String text) {
        JsonNode node;
        try {
            node = STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(KAMELET + ": property jsonSchema (" + shownSource()
                    + ") is not valid JSON" + where(e) + ": " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(
                    KAMELET + ": property jsonSchema (" + shownSource() + ") must be a JSON object (a JSON schema)");
        }
        return text;
    }

    private static String where(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        return loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    /** The jsonSchema property as its error messages show it: on one line, cut to {@link #SHOWN_SOURCE} characters. */
    private String shownSource() {
        return Texts.abbreviate(schemaSource.replaceAll("\\s+", " "), SHOWN_SOURCE);
    }

    /** Before llm:chat: reads the record and its text, sets the schema header, remembers the headers and body. */
    public void prepare(Exchange exchange) {
        if (camelContext == null) {
            camelContext = exchange.getContext();
        }
        String schemaText = getSchema();
        if (schemaText == null) {
            throw new IllegalStateException(KAMELET + ": no jsonSchema configured");
        }
        Message in = exchange.getMessage();
        Object originalBody = in.getBody();
        ObjectNode record = record(in);
        String text = text(record);

        Map<String, Object> saved = new HashMap<>();
        for (String name : List.of(LlmConstants.JSON_SCHEMA, LlmConstants.GRAMMAR)) {
            Object previous = in.getHeader(name);
            saved.put(name, previous == null ? ABSENT : previous);
        }
        exchange.setProperty(SAVED, saved);
        exchange.setProperty(ORIGINAL_BODY, originalBody);
        exchange.setProperty(RECORD, record);
        in.setHeader(LlmConstants.JSON_SCHEMA, schemaText);
        // a grammar header left by an earlier step would make llm:chat refuse the schema ("not both")
        in.removeHeader(LlmConstants.GRAMMAR);
        // one user message, whatever the text looks like (a text starting with [ or { is not read as a conversation)
        in.setBody(List.of(ChatMessage.user(text)));
    }

    ObjectNode record(Message in) {
        Object body = in.getBody();
        JsonNode node;
        if (body instanceof JsonNode json) {
            node = json;
        } else if (body instanceof Map<?, ?> map) {
            node = JSON.valueToTree(map);
        } else {
            String text = in.getBody(String.class);
            if (text == null || text.isBlank()) {
                throw new LlmInvalidRequestException(
                        KAMELET + ": the message body is empty; expected a JSON object with a " + "string field '"
                                + textField + "'");
            }
            try {
                node = STRICT.readTree(text);
            } catch (JsonProcessingException e) {
                throw new LlmInvalidRequestException(
                        KAMELET + ": the message body is not valid JSON" + where(e) + ": " + e.getOriginalMessage()
                                + "; expected a JSON object with a string field '" + textField + "'",
                        e);
            }
        }
        if (!(node instanceof ObjectNode object)) {
            throw new LlmInvalidRequestException(KAMELET + ": the message body is a JSON " + type(node)
                    + ", not a JSON object; expected a JSON object with a string field '" + textField + "'");
        }
        return object.deepCopy();
    }

    String text(ObjectNode record) {
        JsonNode value = record.get(textField);
        if (value == null) {
            throw new LlmInvalidRequestException(KAMELET + ": the record has no field '" + textField
                    + "' (textField), so there is no text to enrich; its fields are " + fieldNames(record));
        }
        if (!value.isTextual()) {
            throw new LlmInvalidRequestException(KAMELET + ": field '" + textField
                    + "' (textField) of the record is a JSON " + type(value) + ", not a string");
        }
        if (value.textValue().isBlank()) {
            throw new LlmInvalidRequestException(KAMELET + ": field '" + textField
                    + "' (textField) of the record is blank, " + "there is no text to enrich");
        }
        return value.textValue();
    }

    private static List<String> fieldNames(ObjectNode record) {
        List<String> names = new java.util.ArrayList<>();
        record.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** array, object, number, boolean, null, string, ... (the node type's name). */
    private static String type(JsonNode node) {
        return node == null ? "null" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** After llm:chat: the model's JSON answer goes into the record under the target field; the record is the body. */
    public void merge(Exchange exchange) {
        ObjectNode record = exchange.getProperty(RECORD, ObjectNode.class);
        if (record == null) {
            throw new IllegalStateException(KAMELET + ": merge without prepare");
        }
        Message in = exchange.getMessage();
        String answer = in.getBody(String.class);
        JsonNode enrichment;
        try {
            enrichment = answer == null ? null : STRICT.readTree(answer);
        } catch (JsonProcessingException e) {
            // llm:chat with a jsonSchema already refuses output that is not JSON; a second line of defence
            throw new LlmOutputValidationException(KAMELET + ": the model's answer is not JSON: " + answer, answer);
        }
        if (enrichment == null || enrichment.isMissingNode()) {
            throw new LlmOutputValidationException(KAMELET + ": the model's answer is empty", answer);
        }
        record.set(targetField, enrichment);
        in.setBody(record.toString());
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.removeProperty(RECORD);
        exchange.removeProperty(ORIGINAL_BODY);
    }

    /**
     * In doFinally: the headers prepare() changed get their earlier values back (or are removed); when merge() did not
     * run (the record was invalid, the model failed), the body is the original record again.
     */
    @SuppressWarnings("unchecked")
    public void restore(Exchange exchange) {
        Message in = exchange.getMessage();
        if (exchange.getProperty(RECORD) != null) {
            in.setBody(exchange.getProperty(ORIGINAL_BODY));
        }
        Map<String, Object> saved = exchange.getProperty(SAVED, Map.class);
        exchange.removeProperty(SAVED);
        exchange.removeProperty(RECORD);
        exchange.removeProperty(ORIGINAL_BODY);
        if (saved == null) {
            return;
        }
        saved.forEach((name, value) -> {
            if (ABSENT.equals(value)) {
                in.removeHeader(name);
            } else {
                in.setHeader(name, value);
            }
        });
    }
}
