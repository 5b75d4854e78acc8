package io.github.camelllm.cli;

import static io.github.camelllm.models.LoopbackModelServer.STORIES;
import static io.github.camelllm.models.LoopbackModelServer.TINY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.camelllm.models.LoopbackModelServer;

/** {@code model list}, {@code info} and {@code remove} on a models directory holding the real GGUF fixtures. */
class LocalModelsTest {

    @TempDir
    Path tmp;

    Path models;
    Path catalog;

    @BeforeEach
    void setUp() throws Exception {
        models = Files.createDirectories(tmp.resolve("models"));
        catalog = tmp.resolve("catalog.json");
        Files.writeString(catalog, LoopbackModelServer.testCatalogJson());
        Files.write(models.resolve(STORIES), LoopbackModelServer.stories());
        Files.write(models.resolve(TINY), LoopbackModelServer.tiny());
        Files.writeString(models.resolve("broken.gguf"), "not a gguf file");
        Files.writeString(models.resolve("half.gguf.part"), "partial");
        Files.writeString(models.resolve("notes.txt"), "ignored");
    }

    private Cli.Result run(String... args) {
        return run(new Cli(), args);
    }

    private Cli.Result run(Cli cli, String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--models-dir";
        all[args.length + 1] = models.toString();
        all[args.length + 2] = "--catalog";
        all[args.length + 3] = catalog.toString();
        return cli.run(all);
    }

    @Test
    void listText() {
        Cli.Result r = run("model", "list");
        assertEquals(0, r.code(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals("models directory: " + models, lines.get(0));
        assertTrue(lines.get(1).matches("NAME +FILE +SIZE +ARCH +QUANT +CONTEXT"), lines::toString);
        assertTrue(lines.get(2).matches("- +broken\\.gguf +15 B +unreadable: .* +- +-"), lines::toString);
        assertTrue(
                lines.get(3).matches("tiny-random +llama-2-tiny-random\\.gguf +1\\.7 MiB +llama +F16 +4096"),
                lines::toString);
        assertTrue(
                lines.get(4).matches("stories260k +stories260K\\.gguf +1\\.1 MiB +llama +F32 +2048"), lines::toString);
        assertEquals("partial download: half.gguf.part (pull again to resume, remove to discard)", lines.get(5));
    }

    @Test
    void listJson() {
        Cli.Result r = run("model", "list", "--json");
        assertEquals(0, r.code(), r::toString);
        JsonNode j = r.json();
        assertTrue(j.get("ok").asBoolean());
        assertEquals(models.toString(), j.get("modelsDir").asText());
        JsonNode list = j.get("models");
        assertEquals(3, list.size());
        JsonNode stories = list.get(2);
        assertEquals("stories260k", stories.get("name").asText());
        assertEquals(STORIES, stories.get("file").asText());
        assertEquals(models.resolve(STORIES).toString(), stories.get("path").asText());
        assertEquals(LoopbackModelServer.STORIES_SIZE, stories.get("size").asLong());
        assertEquals("llama", stories.get("architecture").asText());
        assertEquals("F32", stories.get("quantization").asText());
        assertEquals(2048, stories.get("contextLength").asLong());
        assertTrue(stories.get("readable").asBoolean());
        assertTrue(stories.get("error").isNull());
        JsonNode broken = list.get(0);
        assertTrue(broken.get("name").isNull());
        assertFalse(broken.get("readable").asBoolean());
        assertFalse(broken.get("error").asText().isEmpty());
        assertEquals(
                models.resolve("half.gguf.part").toString(),
                j.get("partialDownloads").get(0).asText());
    }

    @Test
    void listEmptyDirectory() {
        Cli.Result r = new Cli()
                .run("model", "list", "--models-dir", tmp.resolve("none").toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("no models; see 'camel-llm model available'"), r::toString);
    }

    @Test
    void infoPathJson() {
        Cli.Result r = new Cli().run("model", "info", models.resolve(STORIES).toString(), "--json");
        assertEquals(0, r.code(), r::toString);
        JsonNode j = r.json();
        assertEquals("local", j.get("backend").asText());
        assertEquals("llama", j.get("architecture").asText());
        assertEquals(2048, j.get("contextLength").asLong());
        assertEquals(LoopbackModelServer.STORIES_SIZE, j.get("size").asLong());
        assertEquals("F32", j.get("quantization").asText());
        assertEquals(64, j.get("embeddingLength").asLong());
        assertEquals(5, j.get("blockCount").asLong());
        assertEquals(512, j.get("vocabSize").asInt());
        assertEquals(3, j.get("ggufVersion").asInt());
        assertFalse(j.get("embeddingModel").asBoolean());
        assertTrue(j.get("parameterCount").asLong() > 200_000);
    }

    @Test
    void infoCatalogNameText() {
        Cli.Result r = run("model", "info", "tiny-random");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("file              " + models.resolve(TINY)), r::toString);
        assertTrue(r.out().contains("catalog name      tiny-random"), r::toString);
        assertTrue(r.out().contains("architecture      llama"), r::toString);
        assertTrue(r.out().contains("context length    4096"), r::toString);
        assertTrue(r.out().contains("license           MIT"), r::toString);
    }

    @Test
    void infoOfAMissingModelIsOneLine() {
        Cli.Result r = run("model", "info", "nothing");
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(
                r.err().startsWith("error: model 'nothing' not found. Searched:; models directory " + models),
                r::toString);
    }

    @Test
    void infoOfANonGgufFileFails() {
        Cli.Result r = run("model", "info", "broken.gguf", "--json");
        assertEquals(1, r.code(), r::toString);
        assertEquals("IO_ERROR", r.json().get("error").get("reason").asText());
    }

    @Test
    void removeWithYes() {
        Cli.Result r = run("model", "remove", "stories260k", "--yes", "--json");
        assertEquals(0, r.code(), r::toString);
        assertEquals(
                models.resolve(STORIES).toString(),
                r.json().get("removed").get(0).asText());
        assertFalse(Files.exists(models.resolve(STORIES)));
        assertTrue(Files.exists(models.resolve(TINY)));

        Cli.Result part = run("model", "remove", "half", "-y");
        assertEquals(0, part.code(), part::toString);
        assertEquals("removed: " + models.resolve("half.gguf.part"), part.out().trim());
    }

    @Test
    void removeWithoutYesIsRefusedWhenNotInteractive() {
        Cli.Result r = run("model", "remove", "stories260k");
        assertEquals(1, r.code(), r::toString);
        assertEquals(
                "error: refusing to remove model 'stories260k' from " + models
                        + " without confirmation: not running on a terminal; add --yes",
                r.err().trim());
        assertTrue(Files.exists(models.resolve(STORIES)));
        Cli.Result j = run("model", "remove", "stories260k", "--json");
        assertEquals(
                "CONFIRMATION_REQUIRED", j.json().get("error").get("reason").asText());
    }

    @Test
    void removeAsksOnATerminal() {
        Cli no = new Cli().interactive("n");
        Cli.Result r = run(no, "model", "remove", "stories260k");
        assertEquals(1, r.code(), r::toString);
        assertEquals(List.of("Remove model 'stories260k' from " + models + "? [y/N] "), no.prompts);
        assertEquals("error: not removed: cancelled", r.err().trim());
        assertTrue(Files.exists(models.resolve(STORIES)));

        Cli yes = new Cli().interactive("y");
        Cli.Result ok = run(yes, "model", "remove", "stories260k");
        assertEquals(0, ok.code(), ok::toString);
        assertFalse(Files.exists(models.resolve(STORIES)));
    }

    @Test
    void removeRefusesPathsAndUnknownNames() {
        Cli.Result path = run("model", "remove", "../models/stories260K.gguf", "--yes");
        assertEquals(1, path.code(), path::toString);
        assertTrue(path.err().startsWith("error: refusing to remove '../models/stories260K.gguf'"), path::toString);
        assertTrue(Files.exists(models.resolve(STORIES)));

        Cli.Result unknown = run("model", "remove", "nothing", "--yes", "--json");
        assertEquals(1, unknown.code(), unknown::toString);
        assertEquals("NOT_FOUND", unknown.json().get("error").get("reason").asText());
    }
}
