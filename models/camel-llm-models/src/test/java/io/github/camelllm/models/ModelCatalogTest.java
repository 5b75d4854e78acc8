package io.github.camelllm.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ModelCatalogTest {

    private static final Environment NO_MIRROR = Environment.of(Map.of(), Map.of());

    @Test
    void bundledCatalogSchema() throws IOException {
        JsonNode root;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(ModelCatalog.RESOURCE)) {
            root = new ObjectMapper().readTree(in);
        }
        assertEquals(1, root.get("schemaVersion").asInt());
        Set<String> names = new HashSet<>();
        Set<String> files = new HashSet<>();
        for (JsonNode n : root.get("models")) {
            for (String field :
                    List.of("name", "url", "file", "license", "contextLength", "kind", "description", "goodFor")) {
                assertTrue(n.hasNonNull(field), field + " missing in " + n);
            }
            // the fields that may be unknown must still be present (explicitly null when not verified)
            assertTrue(n.has("size") && n.has("sha256") && n.has("chatTemplate"), n.toString());
            String name = n.get("name").asText();
            assertTrue(names.add(name), "duplicate name " + name);
            assertTrue(files.add(n.get("file").asText()), "duplicate file " + n.get("file"));
            String url = n.get("url").asText();
            assertTrue(url.startsWith("https://huggingface.co/"), url);
            assertTrue(url.contains("/resolve/main/"), url);
            assertTrue(url.endsWith("/" + n.get("file").asText()), url);
            assertTrue(List.of("chat", "embedding").contains(n.get("kind").asText()), n.toString());
            assertTrue(n.get("contextLength").asInt() > 0);
            if (n.get("kind").asText().equals("chat")) {
                assertTrue(n.hasNonNull("chatTemplate"), "chat model without template family: " + name);
            }
            if (!n.get("sha256").isNull()) {
                assertTrue(n.get("sha256").asText().matches("[0-9a-f]{64}"), n.toString());
            }
        }
        ModelCatalog c = ModelCatalog.load(NO_MIRROR);
        assertEquals(names.size(), c.entries().size());
        for (String expected : List.of(
                "phi-4-mini",
                "gemma-3n-e4b",
                "llama-3.2-1b",
                "llama-3.2-3b",
                "qwen2.5-1.5b",
                "qwen2.5-7b",
                "mistral-7b",
                "nomic-embed-text",
                "bge-small-en")) {
            assertTrue(c.find(expected).isPresent(), expected);
        }
        assertEquals(
                CatalogEntry.Kind.EMBEDDING,
                c.find("nomic-embed-text").orElseThrow().kind());
        assertEquals(
                CatalogEntry.Kind.EMBEDDING,
                c.find("bge-small-en").orElseThrow().kind());
        assertFalse(c.find("stories260k").isPresent(), "test entries are not shipped");
        assertEquals(
                "qwen2.5-1.5b",
                c.findByFile("qwen2.5-1.5b-instruct-q4_k_m.gguf").orElseThrow().name());
        assertTrue(c.find("LLAMA-3.2-1B").isPresent(), "names are case-insensitive");
    }

    @Test
    void testCatalogLoads() {
        ModelCatalog c = TestSupport.testCatalog();
        assertEquals(
                List.of("stories260k", "tiny-random"),
                c.entries().stream().map(CatalogEntry::name).toList());
        CatalogEntry s = c.find("stories260k").orElseThrow();
        assertTrue(s.hasChecksum());
        assertEquals(TestSupport.STORIES_SIZE, s.size());
        assertEquals("camel-llm model pull stories260k", s.pullCommand());
    }

    @Test
    void invalidCatalogsAreRejected() {
        String entry = "{\"name\":\"%s\",\"kind\":\"chat\",\"url\":\"https://huggingface.co/a/b/resolve/main/%s\","
                + "\"file\":\"%s\",\"license\":\"MIT\",\"contextLength\":4096%s}";
        assertBad(
                "{\"models\":[" + entry.formatted("a", "a.gguf", "a.gguf", "") + ","
                        + entry.formatted("a", "b.gguf", "b.gguf", "") + "]}",
                "duplicate");
        assertBad("{\"models\":[" + entry.formatted("a", "x.gguf", "../x.gguf", "") + "]}", "file");
        assertBad("{\"models\":[" + entry.formatted("a", "x.gguf", "x.gguf", ",\"sha256\":\"abc\"") + "]}", "sha256");
        assertBad(
                "{\"models\":[{\"name\":\"a\",\"kind\":\"chat\",\"file\":\"a.gguf\",\"license\":\"MIT\","
                        + "\"contextLength\":1}]}",
                "url");
        assertBad("{\"models\":[" + entry.formatted("a", "x.gguf", "x.gguf", ",\"kind\":\"vision\"") + "]}", "kind");
        assertBad("{\"nomodels\":[]}", "models");
    }

    private static void assertBad(String json, String expectedInMessage) {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ModelCatalog.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains(expectedInMessage), e.getMessage());
    }

    @Test
    void mirrorLeavesOtherHostsAlone() throws IOException {
        String json = "{\"models\":[{\"name\":\"a\",\"kind\":\"chat\",\"url\":\"https://example.org/a.gguf\","
                + "\"file\":\"a.gguf\",\"license\":\"MIT\",\"contextLength\":1}]}";
        ModelCatalog c = ModelCatalog.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(
                "https://example.org/a.gguf",
                c.withMirror("https://m/").find("a").orElseThrow().url());
        assertEquals(c, c.withMirror(null));
    }
}
