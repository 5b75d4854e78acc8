package io.github.camelllm.kamelets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.camelllm.spi.LlmOutputValidationException;

/**
 * The parts of {@link LabelClassifier} that a constrained local model never reaches: answers a remote server may give
 * when it does not honour the schema, and labels that need JSON escaping.
 */
class LabelClassifierTest {

    static LabelClassifier classifier(String labels) {
        LabelClassifier c = new LabelClassifier();
        c.setLabels(labels);
        return c;
    }

    @Test
    void labelsAreTrimmedAndKeptInOrder() {
        assertEquals(
                List.of("billing question", "bug report", "other"),
                classifier(" billing question ,bug report, other").getLabels());
    }

    @Test
    void schemaIsAStrictObjectWithTheLabelsAsEnum() {
        assertEquals(
                "{\"type\":\"object\",\"properties\":{\"label\":{\"type\":\"string\",\"enum\":[\"say \\\"hi\\\"\",\"a\\\\b\"]}},"
                        + "\"required\":[\"label\"],\"additionalProperties\":false}",
                classifier("say \"hi\",a\\b").getSchema());
    }

    @Test
    void systemMessageNamesTheLabels() {
        LabelClassifier c = classifier("spam,ham");
        assertEquals(LabelClassifier.DEFAULT_SYSTEM_PROMPT + " Allowed labels: spam, ham.", c.getSystemMessage());
        c.setSystemPrompt("Is this e-mail spam?");
        assertEquals("Is this e-mail spam? Allowed labels: spam, ham.", c.getSystemMessage());
    }

    @Test
    void answersOutsideTheSchemaAreRefused() {
        LabelClassifier c = classifier("spam,ham");
        assertEquals("ham", c.labelOf("{\"label\": \"ham\"}"));
        LlmOutputValidationException notJson = assertThrows(LlmOutputValidationException.class, () -> c.labelOf("ham"));
        assertEquals("llm-classify-action: the model's answer is not JSON: ham", notJson.getMessage());
        assertEquals("ham", notJson.getOutput());
        LlmOutputValidationException other =
                assertThrows(LlmOutputValidationException.class, () -> c.labelOf("{\"label\":\"eggs\"}"));
        assertEquals(
                "llm-classify-action: the model's answer {\"label\":\"eggs\"} does not have a label among [spam, ham]",
                other.getMessage());
        assertThrows(LlmOutputValidationException.class, () -> c.labelOf("\"spam\""));
        assertThrows(LlmOutputValidationException.class, () -> c.labelOf("{\"label\":1}"));
    }

    @Test
    void embeddingFormatAcceptsOnlyVectorAndJson() {
        EmbeddingFormat f = new EmbeddingFormat();
        f.setFormat("JSON");
        assertEquals(true, f.isJson());
        f.setFormat("vector");
        assertEquals(false, f.isJson());
        assertThrows(IllegalArgumentException.class, () -> f.setFormat("csv"));
    }
}
