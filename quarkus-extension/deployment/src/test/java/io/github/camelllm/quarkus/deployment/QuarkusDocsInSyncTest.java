package io.github.camelllm.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * docs/quarkus.md documents every {@code quarkus.camel.llm.*} property: the list comes from the config model the
 * Quarkus annotation processor writes into the runtime jar.
 */
class QuarkusDocsInSyncTest {

    static List<String> properties() throws Exception {
        List<String> found = new ArrayList<>();
        try (InputStream in = QuarkusDocsInSyncTest.class
                .getClassLoader()
                .getResourceAsStream("META-INF/quarkus-config-doc/quarkus-config-model.json")) {
            assertNotNull(in, "the runtime jar's config model");
            collect(new ObjectMapper().readTree(in), found);
        }
        return found;
    }

    private static void collect(JsonNode node, List<String> found) {
        JsonNode path = node.path("path");
        String property = path.isObject() ? path.path("property").asText(null) : path.asText(null);
        if (property != null && property.startsWith("quarkus.camel.llm.")) {
            found.add(property);
        }
        node.forEach(child -> collect(child, found));
    }

    @Test
    void everyPropertyIsDocumented() throws Exception {
        List<String> properties = properties();
        assertTrue(properties.size() >= 12, properties.toString());
        String doc = Files.readString(Path.of("../../docs/quarkus.md"));
        List<String> missing = properties.stream()
                .filter(p -> !doc.contains("| `" + p + "` |"))
                .toList();
        assertFalse(!missing.isEmpty(), "not in the configuration table of docs/quarkus.md: " + missing);
    }
}
