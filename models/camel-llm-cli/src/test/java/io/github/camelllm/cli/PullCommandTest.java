package io.github.camelllm.cli;

import static io.github.camelllm.models.LoopbackModelServer.STORIES;
import static io.github.camelllm.models.LoopbackModelServer.STORIES_PATH;
import static io.github.camelllm.models.LoopbackModelServer.STORIES_SHA;
import static io.github.camelllm.models.LoopbackModelServer.STORIES_SIZE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.camelllm.models.LoopbackModelServer;
import io.github.camelllm.models.ModelDownloader;

/** {@code model pull} against the loopback HTTP server serving the real GGUF fixtures. */
class PullCommandTest {

    private static final Pattern PLAIN_LINE = Pattern.compile(
            "downloaded (\\d+(\\.\\d)? (B|KiB|MiB)) of 1\\.1 MiB \\((\\d+) %\\)(, \\d+(\\.\\d)? (B|KiB|MiB|GiB)/s)?");

    @TempDir
    Path tmp;

    Path models;
    Path catalog;
    LoopbackModelServer server;

    @BeforeEach
    void start() throws Exception {
        models = tmp.resolve("models");
        catalog = tmp.resolve("catalog.json");
        Files.writeString(catalog, LoopbackModelServer.testCatalogJson());
        server = new LoopbackModelServer().serveCatalogFiles();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Cli.Result pull(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "model",
                "pull",
                "--models-dir",
                models.toString(),
                "--catalog",
                catalog.toString(),
                "--mirror",
                server.base()));
        args.addAll(List.of(extra));
        return new Cli().run(args.toArray(String[]::new));
    }

    @Test
    void freshPullDownloadsAndVerifies() throws Exception {
        Cli.Result r = pull("stories260k", "--json");
        assertEquals(0, r.code(), r::toString);
        JsonNode j = r.json();
        assertTrue(j.get("ok").asBoolean());
        assertEquals("local", j.get("backend").asText());
        assertEquals("stories260k", j.get("model").asText());
        assertEquals(models.resolve(STORIES).toString(), j.get("file").asText());
        assertEquals(STORIES_SIZE, j.get("size").asLong());
        assertEquals(STORIES_SHA, j.get("sha256").asText());
        assertTrue(j.get("downloaded").asBoolean());
        assertFalse(j.get("resumed").asBoolean());
        assertTrue(j.get("checksumVerified").asBoolean());
        assertEquals(0, j.get("warnings").size());
        assertArrayEquals(LoopbackModelServer.stories(), Files.readAllBytes(models.resolve(STORIES)));
        assertEquals(STORIES_SHA, ModelDownloader.sha256(models.resolve(STORIES)));
        assertFalse(Files.exists(models.resolve(STORIES + ".part")));
    }

    @Test
    void plainProgressLinesWhenNotATerminal() {
        Cli.Result r = pull("stories260k");
        assertEquals(0, r.code(), r::toString);
        List<String> lines = r.errLines();
        assertTrue(
                lines.get(0)
                        .startsWith("pulling stories260k (stories260K.gguf, 1.1 MiB) from " + server.base()
                                + STORIES_PATH + " into " + models),
                lines::toString);
        List<String> progress = lines.subList(1, lines.size());
        assertTrue(progress.size() >= 2, lines::toString);
        int last = -1;
        for (String line : progress) {
            Matcher m = PLAIN_LINE.matcher(line);
            assertTrue(m.matches(), "unexpected progress line: " + line);
            int pct = Integer.parseInt(m.group(4));
            assertTrue(pct >= last, lines::toString);
            last = pct;
        }
        assertEquals("downloaded 0 B of 1.1 MiB (0 %)", progress.get(0));
        assertTrue(
                progress.get(progress.size() - 1).startsWith("downloaded 1.1 MiB of 1.1 MiB (100 %), "),
                lines::toString);
        assertEquals(
                "pulled: " + models.resolve(STORIES) + " (1.1 MiB, sha256 " + STORIES_SHA + ", verified)",
                r.out().trim());
    }

    @Test
    void jsonProgressGoesToStderrAsJsonLines() throws Exception {
        Cli.Result r = pull("stories260k", "--json");
        assertEquals(0, r.code(), r::toString);
        List<String> lines = r.errLines();
        assertTrue(lines.size() >= 2, lines::toString);
        JsonNode first = Cli.MAPPER.readTree(lines.get(0));
        JsonNode last = Cli.MAPPER.readTree(lines.get(lines.size() - 1));
        assertEquals("progress", first.get("event").asText());
        assertEquals(0, first.get("bytesDone").asLong());
        assertEquals(STORIES_SIZE, first.get("bytesTotal").asLong());
        assertEquals(STORIES_SIZE, last.get("bytesDone").asLong());
        assertEquals(100, last.get("percent").asInt());
        assertTrue(r.json().get("ok").asBoolean());
    }

    @Test
    void progressBarOnATerminal() {
        Cli.Result r = new Cli()
                .interactive()
                .run(
                        "model",
                        "pull",
                        "stories260k",
                        "--models-dir",
                        models.toString(),
                        "--catalog",
                        catalog.toString(),
                        "--mirror",
                        server.base());
        assertEquals(0, r.code(), r::toString);
        assertFalse(r.err().contains("downloaded "), "no plain lines on a terminal: " + r.err());
        assertTrue(Files.isRegularFile(models.resolve(STORIES)));
    }

    @Test
    void secondPullFindsTheFilePresent() {
        assertEquals(0, pull("stories260k").code());
        int requests = server.requestCount();
        Cli.Result r = pull("stories260k");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().startsWith("already present: "), r::toString);
        assertEquals(requests, server.requestCount());
        Cli.Result forced = pull("stories260k", "--force", "--json");
        assertEquals(0, forced.code(), forced::toString);
        assertTrue(forced.json().get("downloaded").asBoolean());
    }

    @Test
    void droppedConnectionKeepsThePartAndTheNextPullResumes() throws Exception {
        server.dropAfterBytes(500_000);
        Cli.Result r = pull("stories260k", "--json");
        assertEquals(1, r.code(), r::toString);
        JsonNode error = r.json().get("error");
        assertEquals("INTERRUPTED", error.get("reason").asText());
        assertTrue(error.get("message").asText().startsWith("pull failed (INTERRUPTED): "), error::toString);
        assertTrue(r.err().contains("error: pull failed (INTERRUPTED): "), r::toString);
        assertTrue(r.err().contains("pull again to resume it"), r::toString);
        assertFalse(Files.exists(models.resolve(STORIES)));
        assertEquals(500_000, Files.size(models.resolve(STORIES + ".part")));

        Cli.Result again = pull("stories260k", "--json");
        assertEquals(0, again.code(), again::toString);
        JsonNode j = again.json();
        assertTrue(j.get("resumed").asBoolean());
        assertTrue(j.get("checksumVerified").asBoolean());
        assertEquals(STORIES_SHA, j.get("sha256").asText());
        assertEquals("bytes=500000-", server.ranges().get(server.ranges().size() - 1));
        assertEquals(
                500_000,
                Cli.MAPPER.readTree(again.errLines().get(0)).get("bytesDone").asLong());
        assertEquals(STORIES_SHA, ModelDownloader.sha256(models.resolve(STORIES)));
        assertFalse(Files.exists(models.resolve(STORIES + ".part")));
    }

    @Test
    void resumedPlainProgressStartsAtTheKeptBytes() {
        server.dropAfterBytes(600_000);
        assertEquals(1, pull("stories260k").code());
        Cli.Result r = pull("stories260k");
        assertEquals(0, r.code(), r::toString);
        assertEquals("downloaded 585.9 KiB of 1.1 MiB (50 %)", r.errLines().get(1), r::toString);
        assertTrue(r.out().startsWith("pulled (resumed): "), r::toString);
    }

    @Test
    void checksumMismatchFailsAndLeavesNothing() throws Exception {
        Files.writeString(
                catalog,
                LoopbackModelServer.testCatalogJson().replace(STORIES_SHA, "0".repeat(64)),
                StandardCharsets.UTF_8);
        Cli.Result r = pull("stories260k");
        assertEquals(1, r.code(), r::toString);
        assertTrue(
                r.err().contains("error: pull failed (CHECKSUM_MISMATCH): sha256 mismatch for stories260K.gguf"),
                r::toString);
        assertTrue(r.err().contains("expected " + "0".repeat(64) + ", got " + STORIES_SHA), r::toString);
        assertEquals(
                1, r.errLines().stream().filter(l -> l.startsWith("error: ")).count());
        assertFalse(Files.exists(models.resolve(STORIES)));
        assertFalse(Files.exists(models.resolve(STORIES + ".part")));
        assertEquals("", r.out());
    }

    @Test
    void notFound() throws Exception {
        Cli.Result r = new Cli()
                .run(
                        "model",
                        "pull",
                        "stories260k",
                        "--models-dir",
                        models.toString(),
                        "--catalog",
                        catalog.toString(),
                        "--mirror",
                        server.base() + "/nothing-here",
                        "--json");
        assertEquals(1, r.code(), r::toString);
        JsonNode e = r.json().get("error");
        assertEquals("NOT_FOUND", e.get("reason").asText());
        assertTrue(
                e.get("message").asText().contains("HTTP 404 Not Found: " + server.base() + "/nothing-here"),
                e::toString);
        assertFalse(Files.exists(models.resolve(STORIES)));
        assertFalse(Files.exists(models.resolve(STORIES + ".part")));
    }

    @Test
    void notEnoughDiskSpaceIsRefusedBeforeDownloading() {
        Cli.Result r = pull("stories260k", "--test-usable-space", "1000", "--json");
        assertEquals(1, r.code(), r::toString);
        assertEquals("INSUFFICIENT_SPACE", r.json().get("error").get("reason").asText());
        assertTrue(r.err().contains("not enough disk space"), r::toString);
        assertTrue(r.err().contains(STORIES_SIZE + " bytes (1.1 MiB) needed, 1000 bytes (1000 B) usable"), r::toString);
        assertFalse(Files.exists(models.resolve(STORIES)));
        assertFalse(Files.exists(models.resolve(STORIES + ".part")));
        assertEquals(0, server.requestCount());
    }

    @Test
    void pathTraversalNamesAreRefused() throws Exception {
        Cli.Result r = pull("../../x.gguf", "--json");
        assertEquals(1, r.code(), r::toString);
        assertEquals("INVALID_NAME", r.json().get("error").get("reason").asText());
        assertTrue(r.err().contains("refusing model file name '../../x.gguf'"), r::toString);

        Cli.Result abs = pull("/etc/x.gguf");
        assertEquals(1, abs.code(), abs::toString);
        assertTrue(abs.err().startsWith("error: pull failed (INVALID_NAME): "), abs::toString);

        server.serve("/%2e%2e%2fx.gguf", LoopbackModelServer.stories());
        Cli.Result url = pull(server.base() + "/%2e%2e%2fx.gguf", "--json");
        assertEquals(1, url.code(), url::toString);
        assertEquals("INVALID_NAME", url.json().get("error").get("reason").asText());
        assertFalse(Files.exists(tmp.resolve("x.gguf")));
        assertFalse(Files.exists(models.resolve("x.gguf")));
        assertEquals(0, server.requestCount());
    }

    @Test
    void unknownNameSaysWhatToDo() {
        Cli.Result r = pull("no-such-model");
        assertEquals(1, r.code(), r::toString);
        assertEquals(
                "error: unknown model 'no-such-model': not in the catalog (see 'camel-llm model available'); "
                        + "give a catalog name, an https:// URL of a .gguf file, or NAME@ollama",
                r.err().trim());
    }

    @Test
    void pullByUrlWithoutChecksumWarns() throws Exception {
        server.serve("/files/llama-2-tiny-random.gguf", LoopbackModelServer.tiny());
        Cli.Result r = pull(server.url("/files/llama-2-tiny-random.gguf"), "--json");
        assertEquals(0, r.code(), r::toString);
        JsonNode j = r.json();
        assertFalse(j.get("checksumVerified").asBoolean());
        assertEquals(LoopbackModelServer.TINY_SHA, j.get("sha256").asText());
        assertTrue(j.get("warnings").get(0).asText().startsWith("no sha256 is known"), j::toString);
        assertTrue(Files.isRegularFile(models.resolve(LoopbackModelServer.TINY)));
    }

    @Test
    void mirrorFromTheEnvironment() {
        Cli.Result r = new Cli()
                .env("CAMEL_LLM_MODELS_MIRROR", server.base())
                .run(
                        "model",
                        "pull",
                        "stories260k",
                        "--models-dir",
                        models.toString(),
                        "--catalog",
                        catalog.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(Files.isRegularFile(models.resolve(STORIES)));
    }

    @Test
    void modelsDirFromTheEnvironment() {
        Cli.Result r = new Cli()
                .env("CAMEL_LLM_MODELS_DIR", models.toString())
                .run("model", "pull", "stories260k", "--catalog", catalog.toString(), "--mirror", server.base());
        assertEquals(0, r.code(), r::toString);
        assertTrue(Files.isRegularFile(models.resolve(STORIES)));
    }
}
