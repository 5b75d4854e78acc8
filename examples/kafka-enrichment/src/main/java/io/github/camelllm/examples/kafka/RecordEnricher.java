package io.github.camelllm.examples.kafka;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Java steps of {@code routes/enrich.camel.yaml}: reading the record, merging the model's answer into it, and
 * committing the consumed offset once the record has been written to the output or dead-letter topic.
 * <p>
 * Records are JSON objects with a non-blank string field {@code text}; any other field is kept as it is.
 */
public class RecordEnricher {

    /** The field the model's answer is stored in. */
    public static final String ENRICHMENT_FIELD = "enrichment";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Returns the record's {@code text}; throws {@link InvalidRecordException} for anything else. */
    public String text(@Body String record) {
        JsonNode text = parseRecord(record).get("text");
        if (text == null || !text.isTextual() || text.asText().isBlank()) {
            throw new InvalidRecordException("record has no non-blank string field 'text'");
        }
        return text.asText();
    }

    /** Returns the record with the model's JSON answer stored under {@value #ENRICHMENT_FIELD}. */
    public String merge(@ExchangeProperty("original") String record, @Body String answer) {
        ObjectNode merged = parseRecord(record);
        JsonNode enrichment;
        try {
            enrichment = MAPPER.readTree(answer);
        } catch (JsonProcessingException e) {
            // llm:chat with jsonSchema already refuses output that is not JSON; this is a second line of defence
            throw new IllegalStateException("model answer is not JSON: " + e.getOriginalMessage(), e);
        }
        merged.set(ENRICHMENT_FIELD, enrichment);
        return merged.toString();
    }

    /** Commits the offset of the exchange's record (the consumer runs with allowManualCommit=true). */
    public void commit(Exchange exchange) {
        KafkaManualCommit manual =
                exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (manual != null) {
            manual.commit();
        }
    }

    private static ObjectNode parseRecord(String record) {
        if (record == null || record.isBlank()) {
            throw new InvalidRecordException("record is empty");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(record);
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException("record is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw new InvalidRecordException("record is not a JSON object");
        }
        return object;
    }

    /** A record that cannot be enriched whatever is retried: it goes straight to the dead-letter topic. */
    public static class InvalidRecordException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public InvalidRecordException(String message) {
            super(message);
        }
    }
}
