package io.github.camelllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.camelllm.remote.ollama.OllamaWireServer;

/** {@code NAME@ollama} for pull, info, remove and {@code list --ollama}, against the Ollama wire server. */
class OllamaCommandsTest {

    OllamaWireServer ollama;

    @BeforeEach
    void start() {
        ollama = OllamaWireServer.start(new OllamaWireServer.ScriptedEngine(), "tiny");
        ollama.addModel("qwen2.5:0.5b", 397_821_319L, "qwen2", "494.03M", "Q4_K_M", 32768);
        ollama.addPullable("small", 1_000_000, 2_000);
    }

    @AfterEach
    void stop() {
        ollama.close();
    }

    private Cli.Result run(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.add("--ollama-url");
        a.add(ollama.baseUrl());
        return new Cli().run(a.toArray(String[]::new));
    }

    @Test
    void pullStreamsProgressEventsInOrder() throws Exception {
        Cli.Result r = run("model", "pull", "small@ollama", "--json");
        assertEquals(0, r.code(), r::toString);
        List<String> statuses = new ArrayList<>();
        List<Long> completed = new ArrayList<>();
        for (String line : r.errLines()) {
            JsonNode e = Cli.MAPPER.readTree(line);
            assertEquals("ollama-progress", e.get("event").asText());
            statuses.add(e.get("status").asText());
            if (!e.get("digest").isNull()) {
                completed.add(e.get("completed").asLong());
            }
        }
        assertEquals("pulling manifest", statuses.get(0));
        assertEquals(
                List.of("verifying sha256 digest", "writing manifest", "success"),
                statuses.subList(statuses.size() - 3, statuses.size()));
        assertEquals(List.of(0L, 500_000L, 1_000_000L, 0L, 1_000L, 2_000L), completed);
        assertEquals(10, statuses.size());
        JsonNode j = r.json();
        assertEquals("ollama", j.get("backend").asText());
        assertEquals("small", j.get("model").asText());
        assertEquals(10, j.get("events").asInt());
        assertEquals("small", ollama.lastRequest("/api/pull").get("model").asText());
        assertTrue(ollama.installedModels().contains("small:latest"));
    }

    @Test
    void pullPlainLines() {
        Cli.Result r = run("model", "pull", "small@ollama");
        assertEquals(0, r.code(), r::toString);
        List<String> lines = r.errLines();
        assertEquals("pulling small on ollama " + ollama.baseUrl(), lines.get(0));
        assertEquals("pulling manifest", lines.get(1));
        assertTrue(
                lines.get(2).matches("layer [0-9a-f]{12}: downloaded 0 B of 976\\.6 KiB \\(0 %\\)"), lines::toString);
        assertTrue(
                lines.get(3).matches("layer [0-9a-f]{12}: downloaded 488\\.3 KiB of 976\\.6 KiB \\(50 %\\)"),
                lines::toString);
        assertTrue(
                lines.get(4).matches("layer [0-9a-f]{12}: downloaded 976\\.6 KiB of 976\\.6 KiB \\(100 %\\)"),
                lines::toString);
        assertEquals(
                List.of("verifying sha256 digest", "writing manifest", "success"),
                lines.subList(lines.size() - 3, lines.size()));
        assertEquals(
                "pulled: small@ollama (ollama " + ollama.baseUrl() + ")",
                r.out().trim());
    }

    @Test
    void pullOfAnUnknownModelFails() {
        Cli.Result r = run("model", "pull", "nope@ollama", "--json");
        assertEquals(1, r.code(), r::toString);
        JsonNode e = r.json().get("error");
        assertTrue(e.get("message").asText().contains("pull model manifest: file does not exist"), e::toString);
        assertTrue(r.err().contains("error: ollama: "), r::toString);
    }

    @Test
    void pullBrokenStreamFails() {
        ollama.failNext(OllamaWireServer.Fault.dropAfter(2));
        Cli.Result r = run("model", "pull", "small@ollama");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("error: ollama: "), r::toString);
    }

    @Test
    void list() {
        Cli.Result r = run("model", "list", "--ollama", "--json");
        assertEquals(0, r.code(), r::toString);
        JsonNode models = r.json().get("models");
        assertEquals(2, models.size());
        JsonNode q = models.get(0);
        assertEquals("qwen2.5:0.5b", q.get("name").asText());
        assertEquals(397_821_319L, q.get("size").asLong());
        assertEquals("qwen2", q.get("family").asText());
        assertEquals("494.03M", q.get("parameterSize").asText());
        assertEquals("Q4_K_M", q.get("quantizationLevel").asText());
        assertEquals("tiny:latest", models.get(1).get("name").asText());

        Cli.Result text = run("model", "list", "--ollama");
        assertEquals(0, text.code(), text::toString);
        List<String> lines = text.out().lines().toList();
        assertEquals("ollama: " + ollama.baseUrl(), lines.get(0));
        assertTrue(lines.get(1).matches("NAME +SIZE +FAMILY +PARAMS +QUANT +MODIFIED"), lines::toString);
        assertTrue(
                lines.get(2).matches("qwen2\\.5:0\\.5b@ollama +379\\.4 MiB +qwen2 +494\\.03M +Q4_K_M +.*"),
                lines::toString);
    }

    @Test
    void info() {
        Cli.Result r = run("model", "info", "qwen2.5:0.5b@ollama", "--json");
        assertEquals(0, r.code(), r::toString);
        JsonNode j = r.json();
        assertEquals("ollama", j.get("backend").asText());
        assertEquals("qwen2.5:0.5b", j.get("name").asText());
        assertEquals("qwen2", j.get("family").asText());
        assertEquals(32768, j.get("contextLength").asInt());
        assertEquals("Q4_K_M", j.get("quantizationLevel").asText());
        assertEquals("completion", j.get("capabilities").get(0).asText());
        assertEquals(32768, j.get("modelInfo").get("qwen2.context_length").asInt());

        Cli.Result text = run("model", "info", "tiny@ollama");
        assertEquals(0, text.code(), text::toString);
        assertTrue(text.out().contains("context length  4096"), text::toString);
    }

    @Test
    void infoOfAMissingModel() {
        Cli.Result r = run("model", "info", "missing@ollama", "--json");
        assertEquals(1, r.code(), r::toString);
        assertEquals("NOT_FOUND", r.json().get("error").get("reason").asText());
        assertTrue(r.err().contains("HTTP 404"), r::toString);
    }

    @Test
    void remove() {
        Cli.Result refused = run("model", "remove", "tiny@ollama");
        assertEquals(1, refused.code(), refused::toString);
        assertTrue(ollama.installedModels().contains("tiny:latest"));
        assertEquals(0, ollama.requestCount("/api/delete"));

        Cli.Result r = run("model", "remove", "tiny@ollama", "--yes", "--json");
        assertEquals(0, r.code(), r::toString);
        assertEquals("tiny", r.json().get("removed").get(0).asText());
        assertFalse(ollama.installedModels().contains("tiny:latest"));

        Cli.Result again = run("model", "remove", "tiny@ollama", "--yes");
        assertEquals(1, again.code(), again::toString);
        assertTrue(again.err().contains("HTTP 404"), again::toString);
    }

    @Test
    void unreachableServer() throws Exception {
        Cli.Result r = new Cli()
                .run(
                        "model",
                        "list",
                        "--ollama",
                        "--json",
                        "--ollama-url",
                        "http://127.0.0.1:" + StatusCommandTest.closedPort());
        assertEquals(1, r.code(), r::toString);
        assertEquals("CONNECTION_FAILED", r.json().get("error").get("reason").asText());
    }
}
