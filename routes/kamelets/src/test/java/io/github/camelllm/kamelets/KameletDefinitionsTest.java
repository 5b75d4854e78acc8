package io.github.camelllm.kamelets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The Kamelet files as packaged (after resource filtering): Kamelet v1 structure, typed and described properties,
 * dependencies with the real version, and a template whose {{placeholders}} are exactly the declared properties, so a
 * renamed or misspelt property cannot go unnoticed. Also checks that routes/README.md documents every property.
 */
class KameletDefinitionsTest {

    static final List<String> NAMES = List.of(
            "llm-chat-action",
            "llm-complete-action",
            "llm-embed-action",
            "llm-summarise-action",
            "llm-classify-action",
            "llm-enrich-action");
    /** {{name}}, {{?name}}, and {{name?nested=false}} (the value is not parsed again for placeholders). */
    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??([A-Za-z0-9_.-]+)(?:\\?nested=false)?}}");

    static Stream<String> names() {
        return NAMES.stream();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(String name) throws IOException {
        try (InputStream in = KameletDefinitionsTest.class.getResourceAsStream("/kamelets/" + name + ".kamelet.yaml")) {
            assertNotNull(in, "kamelets/" + name + ".kamelet.yaml is not on the classpath");
            return (Map<String, Object>) new Load(LoadSettings.builder().build())
                    .loadFromString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String what) {
        return assertInstanceOf(Map.class, o, what);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> properties(Map<String, Object> kamelet) {
        return (Map<String, Map<String, Object>>)
                map(map(kamelet.get("spec"), "spec").get("definition"), "definition")
                        .get("properties");
    }

    @Test
    void exactlyTheseKameletsArePackaged() throws URISyntaxException, IOException {
        Path dir = Path.of(KameletDefinitionsTest.class.getResource("/kamelets").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            Set<String> found =
                    files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(
                    NAMES.stream().map(n -> n + ".kamelet.yaml").collect(Collectors.toCollection(TreeSet::new)), found);
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    @SuppressWarnings("unchecked")
    void isAKameletV1ActionWithDescribedTypedProperties(String name) throws IOException {
        Map<String, Object> k = load(name);
        assertEquals("camel.apache.org/v1", k.get("apiVersion"));
        assertEquals("Kamelet", k.get("kind"));
        Map<String, Object> metadata = map(k.get("metadata"), "metadata");
        assertEquals(name, metadata.get("name"));
        assertEquals("action", map(metadata.get("labels"), "labels").get("camel.apache.org/kamelet.type"));

        Map<String, Object> definition = map(map(k.get("spec"), "spec").get("definition"), "definition");
        assertFalse(((String) definition.get("title")).isBlank());
        assertFalse(((String) definition.get("description")).isBlank());
        assertEquals("object", definition.get("type"));
        Map<String, Map<String, Object>> properties = properties(k);
        assertTrue(properties.size() >= 5, name);
        List<String> required = (List<String>) definition.getOrDefault("required", List.of());
        assertTrue(properties.keySet().containsAll(required), name + " requires undeclared properties " + required);

        properties.forEach((prop, spec) -> {
            String where = name + " property " + prop;
            assertFalse(((String) spec.get("title")).isBlank(), where);
            assertFalse(((String) spec.get("description")).isBlank(), where);
            String type = (String) spec.get("type");
            Object dflt = spec.get("default");
            switch (type) {
                case "string" -> assertTrue(dflt == null || dflt instanceof String, where);
                case "integer" -> assertTrue(dflt == null || dflt instanceof Integer, where);
                case "number" -> assertTrue(dflt == null || dflt instanceof Number, where);
                case "boolean" -> assertTrue(dflt == null || dflt instanceof Boolean, where);
                default -> throw new AssertionError(where + " has type " + type);
            }
            if (spec.get("enum") != null && dflt != null) {
                assertTrue(((List<Object>) spec.get("enum")).contains(dflt), where + ": default not in enum");
            }
            if (required.contains(prop)) {
                assertEquals(null, dflt, where + " is required and has a default");
            }
        });
    }

    @ParameterizedTest
    @MethodSource("names")
    @SuppressWarnings("unchecked")
    void dependenciesNameTheProjectVersion(String name) throws IOException {
        Map<String, Object> spec = map(load(name).get("spec"), "spec");
        List<String> deps = (List<String>) spec.get("dependencies");
        assertTrue(deps.contains("camel:kamelet"), name);
        String version = deps.stream()
                .filter(d -> d.startsWith("mvn:io.github.camel-llm:camel-llm:"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " does not depend on camel-llm: " + deps))
                .substring("mvn:io.github.camel-llm:camel-llm:".length());
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), name + " has an unfiltered version: " + version);
        assertTrue(deps.contains("mvn:io.github.camel-llm:camel-llm-llamacpp:" + version), name);
        String template = new Dump(DumpSettings.builder().build()).dumpToString(spec.get("template"));
        if (template.contains("io.github.camelllm.kamelets.")) {
            assertTrue(
                    deps.contains("mvn:io.github.camel-llm:camel-llm-kamelets:" + version),
                    name + " uses this module's classes");
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    @SuppressWarnings("unchecked")
    void templatePlaceholdersAreExactlyTheProperties(String name) throws IOException {
        Map<String, Object> spec = map(load(name).get("spec"), "spec");
        Map<String, Object> template = map(spec.get("template"), "template");
        assertEquals("kamelet:source", map(template.get("from"), "from").get("uri"));

        Set<String> beans = new HashSet<>();
        for (Object bean : (List<Object>) template.getOrDefault("beans", List.of())) {
            beans.add((String) map(bean, "bean").get("name"));
        }
        Set<String> used = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(new Dump(DumpSettings.builder().build()).dumpToString(template));
        while (m.find()) {
            used.add(m.group(1));
        }
        used.removeAll(beans);
        assertEquals(
                new TreeSet<>(properties(load(name)).keySet()),
                used,
                name + ": properties vs placeholders of the template");
    }

    @ParameterizedTest
    @MethodSource("names")
    void readmeDocumentsEveryProperty(String name) throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        int start = readme.indexOf("\n### " + name + "\n");
        assertTrue(start >= 0, "routes/README.md has no section ### " + name);
        int end = readme.indexOf("\n### ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        for (String prop : properties(load(name)).keySet()) {
            assertTrue(
                    section.contains("| `" + prop + "` |"),
                    "routes/README.md section " + name + " lacks a row for " + prop);
        }
        assertTrue(section.contains("kind: Pipe") || readme.contains("kind: Pipe"), "routes/README.md shows no Pipe");
    }
}
