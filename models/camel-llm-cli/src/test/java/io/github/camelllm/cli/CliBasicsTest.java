package io.github.camelllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;

import io.github.camelllm.models.LoopbackModelServer;

/** Usage, version, help, global options and {@code model available}. */
class CliBasicsTest {

    @TempDir
    Path tmp;

    @Test
    void usageErrorsExitWith2() {
        assertEquals(2, new Cli().run().code());
        assertEquals(2, new Cli().run("model").code());
        assertEquals(2, new Cli().run("model", "pull").code());
        Cli.Result r = new Cli().run("model", "list", "--bogus");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Unknown option: '--bogus'"), r::toString);
        assertEquals(2, new Cli().run("model", "frobnicate").code());
    }

    @Test
    void helpAndVersionOnEveryCommand() {
        for (String[] args :
                new String[][] {{"--help"}, {"model", "--help"}, {"model", "pull", "-h"}, {"model", "status", "--help"}
                }) {
            Cli.Result r = new Cli().run(args);
            assertEquals(0, r.code(), r::toString);
            assertTrue(r.out().startsWith("Usage: camel-llm"), r::toString);
        }
        Cli.Result v = new Cli().run("model", "list", "-V");
        assertEquals(0, v.code(), v::toString);
        assertTrue(v.out().startsWith("camel-llm 0.1.0-SNAPSHOT"), v::toString);
        assertEquals(v.out(), new Cli().run("--version").out());
    }

    @Test
    void availableJsonFromTheBundledCatalog() {
        Cli.Result r = new Cli().run("model", "available", "--json", "--models-dir", tmp.toString());
        assertEquals(0, r.code(), r::toString);
        JsonNode models = r.json().get("models");
        assertTrue(models.size() >= 5, r::toString);
        for (JsonNode m : models) {
            for (String field : new String[] {
                "name",
                "kind",
                "description",
                "goodFor",
                "parameters",
                "quantization",
                "size",
                "contextLength",
                "license",
                "chatTemplate",
                "file",
                "url",
                "sha256",
                "installed"
            }) {
                assertTrue(m.has(field), () -> field + " missing in " + m);
            }
            assertTrue(m.get("url").asText().startsWith("https://huggingface.co/"), m::toString);
        }
    }

    @Test
    void availableJsonFromATestCatalogWithMirrorAndInstalledFlag() throws Exception {
        Path catalog = tmp.resolve("catalog.json");
        Files.writeString(catalog, LoopbackModelServer.testCatalogJson());
        Path models = Files.createDirectories(tmp.resolve("models"));
        Files.write(models.resolve(LoopbackModelServer.STORIES), LoopbackModelServer.stories());
        // global options before the subcommand work too
        Cli.Result r = new Cli()
                .run(
                        "--json",
                        "--catalog",
                        catalog.toString(),
                        "model",
                        "available",
                        "--mirror",
                        "https://mirror.example.com/hf",
                        "--models-dir",
                        models.toString());
        assertEquals(0, r.code(), r::toString);
        JsonNode list = r.json().get("models");
        assertEquals(2, list.size());
        JsonNode s = list.get(0);
        assertEquals("stories260k", s.get("name").asText());
        assertEquals("chat", s.get("kind").asText());
        assertEquals(LoopbackModelServer.STORIES_SIZE, s.get("size").asLong());
        assertEquals(2048, s.get("contextLength").asInt());
        assertEquals("MIT", s.get("license").asText());
        assertEquals("tests", s.get("goodFor").asText());
        assertEquals(LoopbackModelServer.STORIES_SHA, s.get("sha256").asText());
        assertEquals(
                "https://mirror.example.com/hf" + LoopbackModelServer.STORIES_PATH,
                s.get("url").asText());
        assertTrue(s.get("installed").asBoolean());
        assertFalse(list.get(1).get("installed").asBoolean());
    }

    @Test
    void availableText() throws Exception {
        Path catalog = tmp.resolve("catalog.json");
        Files.writeString(catalog, LoopbackModelServer.testCatalogJson());
        Cli.Result r =
                new Cli().run("model", "available", "--catalog", catalog.toString(), "--models-dir", tmp.toString());
        assertEquals(0, r.code(), r::toString);
        var lines = r.out().lines().toList();
        assertTrue(
                lines.get(0).matches("NAME +KIND +PARAMS +QUANT +SIZE +CONTEXT +LICENSE +LOCAL +GOOD FOR"),
                r::toString);
        assertTrue(lines.get(1).matches("stories260k +chat +260K +F32 +1\\.1 MiB +2048 +MIT +tests"), r::toString);
        assertTrue(lines.get(2).matches("tiny-random +chat +513K +F16 +1\\.7 MiB +4096 +MIT +tests"), r::toString);
    }

    @Test
    void invalidCatalogAndMirror() throws Exception {
        Path catalog = tmp.resolve("bad.json");
        Files.writeString(catalog, "{\"models\": [{\"name\": \"x\"}]}");
        Cli.Result r = new Cli().run("model", "available", "--catalog", catalog.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().startsWith("error: invalid catalog " + catalog + ": "), r::toString);
        Cli.Result m = new Cli().run("model", "available", "--mirror", "ftp://x");
        assertEquals(1, m.code(), m::toString);
        assertTrue(
                m.err().startsWith("error: --mirror: mirror base URL must start with http:// or https://"),
                m::toString);
    }

    @Test
    void atSignsAreNotArgumentFiles() throws Exception {
        Path at = tmp.resolve("ollama");
        Files.writeString(at, "--bogus");
        CommandLine cl = Main.commandLine(new Main());
        assertFalse(cl.isExpandAtFiles());
    }

    @Test
    void ollamaHostNormalisation() {
        assertEquals("http://127.0.0.1:11434", Main.normaliseOllamaHost("0.0.0.0"));
        assertEquals("http://127.0.0.1:8080", Main.normaliseOllamaHost("0.0.0.0:8080"));
        assertEquals("http://ollama.internal:11434", Main.normaliseOllamaHost("ollama.internal"));
        assertEquals("http://example.com:1234", Main.normaliseOllamaHost("http://example.com:1234/"));
        assertEquals("https://example.com:443", Main.normaliseOllamaHost("https://example.com"));
    }
}
