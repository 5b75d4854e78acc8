package io.github.camelllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.camelllm.remote.ollama.OllamaWireServer;

/** {@code model status}. */
class StatusCommandTest {

    private static final String SECRET = "sk-test-do-not-print-0123456789";

    @TempDir
    Path tmp;

    OllamaWireServer ollama;

    @BeforeEach
    void start() {
        ollama = OllamaWireServer.start(new OllamaWireServer.ScriptedEngine(), "tiny");
    }

    @AfterEach
    void stop() {
        ollama.close();
    }

    static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void allBackendsUsable() {
        Cli.Result r = new Cli()
                .env("OPENAI_API_KEY", SECRET)
                .run("model", "status", "--json", "--ollama-url", ollama.baseUrl(), "--models-dir", tmp.toString());
        assertEquals(0, r.code(), r::toString);
        JsonNode j = r.json();
        assertTrue(j.get("local").get("available").asBoolean(), r::toString);
        assertTrue(
                j.get("local").get("detail").asText().startsWith("llama.cpp native library loaded for "), r::toString);
        assertTrue(j.get("ollama").get("reachable").asBoolean(), r::toString);
        assertEquals(ollama.baseUrl(), j.get("ollama").get("url").asText());
        assertFalse(j.get("ollama").get("version").asText().isEmpty());
        assertTrue(j.get("ollama").get("error").isNull());
        assertTrue(j.get("openai").get("apiKeySet").asBoolean());
        assertEquals(tmp.toString(), j.get("modelsDir").get("path").asText());
        assertFalse(r.out().contains(SECRET));
        assertFalse(r.err().contains(SECRET));
        assertEquals(1, ollama.requestCount("/api/version"));
    }

    @Test
    void ollamaNotReachableAndNoOpenAiKey() throws Exception {
        int port = closedPort();
        Cli.Result r = new Cli().run("model", "status", "--json", "--ollama-url", "http://127.0.0.1:" + port);
        assertEquals(0, r.code(), r::toString);
        JsonNode j = r.json();
        assertFalse(j.get("ollama").get("reachable").asBoolean());
        assertTrue(j.get("ollama").get("error").asText().contains("127.0.0.1:" + port), r::toString);
        assertFalse(j.get("openai").get("apiKeySet").asBoolean());
        assertTrue(j.get("local").get("available").asBoolean());
    }

    @Test
    void ollamaHostFromTheEnvironment() {
        Cli.Result r =
                new Cli().env("OLLAMA_HOST", "127.0.0.1:" + ollama.port()).run("model", "status", "--json");
        assertEquals(0, r.code(), r::toString);
        assertEquals(
                "http://127.0.0.1:" + ollama.port(),
                r.json().get("ollama").get("url").asText());
        assertTrue(r.json().get("ollama").get("reachable").asBoolean(), r::toString);
    }

    @Test
    void text() {
        Cli.Result r = new Cli()
                .env("OPENAI_API_KEY", SECRET)
                .run(
                        "model",
                        "status",
                        "--ollama-url",
                        ollama.baseUrl(),
                        "--models-dir",
                        tmp.resolve("none").toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("local (llama.cpp)  available: llama.cpp native library loaded"), r::toString);
        assertTrue(r.out().contains("ollama             reachable at " + ollama.baseUrl() + " (version "), r::toString);
        assertTrue(r.out().contains("openai             OPENAI_API_KEY is set"), r::toString);
        assertTrue(r.out().contains("(does not exist yet)"), r::toString);
        assertFalse(r.out().contains(SECRET));
    }
}
