package io.github.camelllm.kamelets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.camelllm.component.LlmConstants;
import io.github.camelllm.spi.LlmInvalidRequestException;
import io.github.camelllm.spi.LlmOutputValidationException;

/**
 * The classification logic of the {@code llm-classify-action} Kamelet, as a route-template local bean.
 *
 * <p>The labels are set once, when the Kamelet's route is created, and checked then: a bad list fails the route start.
 * For each exchange, {@link #prepare(Exchange)} puts the JSON schema (an object whose {@code label} must be one of the
 * labels) and the system message in the {@code CamelLlmJsonSchema} and {@code CamelLlmSystemMessage} headers, which the
 * {@code llm:chat} step reads; {@link #result(Exchange)} turns the model's JSON answer ({@code {"label":"..."}}) into the bare label; and
 * {@link #restore(Exchange)} (run in a {@code doFinally}) puts back the header values the exchange had before, so
 * nothing of the Kamelet leaks into the steps that follow it.
 */
public class LabelClassifier {

    /** Default instruction; the allowed labels are appended to it. */
    public static final String DEFAULT_SYSTEM_PROMPT =
            "Classify the text given by the user. Answer with exactly one of the allowed labels.";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SAVED = "CamelLlmKameletClassifySaved";
    private static final String ORIGINAL_BODY = "CamelLlmKameletClassifyBody";
    private static final String ABSENT = "\u0000absent";
    private static final String LABEL = "label";

    private List<String> labels;
    private String schema;
    private String systemPrompt = DEFAULT_SYSTEM_PROMPT;
    private String labelHeader;

    /**
     * Sets the labels from a comma-separated list; each label is trimmed.
     *
     * @throws IllegalArgumentException when the list is empty, has a blank entry, a duplicate, or fewer than two labels
     */
    public void setLabels(String commaSeparated) {
        this.labels = parseLabels(commaSeparated);
        this.schema = schemaFor(labels);
    }

    public List<String> getLabels() {
        return labels;
    }

    /** The JSON schema the model's answer must follow. */
    public String getSchema() {
        return schema;
    }

    public void setSystemPrompt(String systemPrompt) {
        this.systemPrompt =
                systemPrompt == null || systemPrompt.isBlank() ? DEFAULT_SYSTEM_PROMPT : systemPrompt.trim();
    }

    /** When set, the label goes into this header and the body is left as it was; when blank, the label becomes the body. */
    public void setLabelHeader(String labelHeader) {
        this.labelHeader = labelHeader == null || labelHeader.isBlank() ? null : labelHeader.trim();
    }

    /** The system message sent with every text: the instruction and the allowed labels. */
    public String getSystemMessage() {
        return systemPrompt + " Allowed labels: " + String.join(", ", labels) + ".";
    }

    static List<String> parseLabels(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            throw new IllegalArgumentException(
                    "llm-classify-action: property labels is empty; give at least two labels, "
                            + "separated by commas (e.g. labels=positive,negative,neutral)");
        }
        String[] parts = commaSeparated.split(",", -1);
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < parts.length; i++) {
            String label = parts[i].trim();
            if (label.isEmpty()) {
                throw new IllegalArgumentException("llm-classify-action: label " + (i + 1) + " of labels '"
                        + commaSeparated + "' is blank (two commas in a row, or a comma at the start or end)");
            }
            if (!seen.add(label)) {
                throw new IllegalArgumentException(
                        "llm-classify-action: label '" + label + "' appears twice in labels '" + commaSeparated + "'");
            }
        }
        if (seen.size() < 2) {
            throw new IllegalArgumentException("llm-classify-action: labels '" + commaSeparated
                    + "' names a single label; give at least two, separated by commas");
        }
        return Collections.unmodifiableList(new ArrayList<>(seen));
    }

    /**
     * {"type":"object","properties":{"label":{"type":"string","enum":[labels...]}},"required":["label"],
     * "additionalProperties":false}: llama.cpp turns it into a grammar, and it is also a valid strict schema for
     * OpenAI's structured outputs, which want an object at the root.
     */
    static String schemaFor(List<String> labels) {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("type", "object");
        ObjectNode label = schema.putObject("properties").putObject(LABEL);
        label.put("type", "string");
        ArrayNode values = label.putArray("enum");
        labels.forEach(values::add);
        schema.putArray("required").add(LABEL);
        schema.put("additionalProperties", false);
        try {
            return JSON.writeValueAsString(schema);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the labels schema", e);
        }
    }

    private void checkConfigured() {
        if (labels == null) {
            throw new IllegalStateException("llm-classify-action: no labels configured");
        }
    }

    /** Before llm:chat: checks the body, sets the schema and system message headers, remembers what they were. */
    public void prepare(Exchange exchange) {
        checkConfigured();
        Message in = exchange.getMessage();
        String text = in.getBody(String.class);
        if (text == null || text.isBlank()) {
            throw new LlmInvalidRequestException(
                    "llm-classify-action: the message body is empty, there is no text to classify");
        }
        Map<String, Object> saved = new HashMap<>();
        for (String name : List.of(LlmConstants.JSON_SCHEMA, LlmConstants.SYSTEM_MESSAGE, LlmConstants.GRAMMAR)) {
            Object previous = in.getHeader(name);
            saved.put(name, previous == null ? ABSENT : previous);
        }
        exchange.setProperty(SAVED, saved);
        if (labelHeader != null) {
            exchange.setProperty(ORIGINAL_BODY, in.getBody());
        }
        in.setHeader(LlmConstants.JSON_SCHEMA, schema);
        in.setHeader(LlmConstants.SYSTEM_MESSAGE, getSystemMessage());
        // a grammar header left by an earlier step would make llm:chat refuse the schema ("not both")
        in.removeHeader(LlmConstants.GRAMMAR);
    }

    /** After llm:chat: the label of the JSON object the model produced becomes the body, or the labelHeader. */
    public void result(Exchange exchange) {
        checkConfigured();
        Message in = exchange.getMessage();
        String output = in.getBody(String.class);
        String label = labelOf(output);
        if (labelHeader != null) {
            in.setBody(exchange.getProperty(ORIGINAL_BODY));
            in.setHeader(labelHeader, label);
        } else {
            in.setBody(label);
        }
    }

    String labelOf(String output) {
        JsonNode node;
        try {
            node = output == null ? null : JSON.readTree(output);
        } catch (JsonProcessingException e) {
            throw new LlmOutputValidationException(
                    "llm-classify-action: the model's answer is not JSON: " + output, output);
        }
        JsonNode label = node == null ? null : node.get(LABEL);
        if (label == null || !label.isTextual() || !labels.contains(label.asText())) {
            throw new LlmOutputValidationException(
                    "llm-classify-action: the model's answer " + output + " does not have a label among " + labels,
                    output);
        }
        return label.asText();
    }

    /** In doFinally: the headers prepare() changed get their earlier values back (or are removed). */
    @SuppressWarnings("unchecked")
    public void restore(Exchange exchange) {
        Map<String, Object> saved = exchange.getProperty(SAVED, Map.class);
        exchange.removeProperty(SAVED);
        exchange.removeProperty(ORIGINAL_BODY);
        if (saved == null) {
            return;
        }
        Message in = exchange.getMessage();
        saved.forEach((name, value) -> {
            if (ABSENT.equals(value)) {
                in.removeHeader(name);
            } else {
                in.setHeader(name, value);
            }
        });
    }
}
