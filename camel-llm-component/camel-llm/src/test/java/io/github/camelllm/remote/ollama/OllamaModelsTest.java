package io.github.camelllm.remote.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.camelllm.spi.LlmHttpException;

/** {@link OllamaModels} against {@link OllamaWireServer}. */
@Timeout(30)
class OllamaModelsTest {

    private OllamaWireServer server;
    private OllamaModels models;

    @BeforeEach
    void start() {
        server = OllamaWireServer.start(new OllamaWireServer.ScriptedEngine(), "tiny", "other:7b");
        models = new OllamaModels(server.baseUrl());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void versionAndTags() {
        assertEquals("0.0.0-wire", models.version());
        List<OllamaModels.Model> list = models.list();
        assertEquals(
                List.of("other:7b", "tiny:latest"),
                list.stream().map(OllamaModels.Model::name).toList());
        OllamaModels.Model tiny = list.get(1);
        assertEquals("llama", tiny.family());
        assertEquals("Q8_0", tiny.quantizationLevel());
        assertEquals("1.0M", tiny.parameterSize());
        assertTrue(tiny.size() > 0);
        assertTrue(tiny.digest() != null && !tiny.digest().isBlank());
    }

    @Test
    void show() {
        OllamaModels.ModelDetails d = models.show("tiny");
        assertEquals("llama", d.family());
        assertEquals("gguf", d.format());
        assertEquals(4096, d.contextLength());
        assertTrue(d.capabilities().contains("completion"));
        assertEquals("tiny", server.lastRequest("/api/show").get("model").asText());
        LlmHttpException e = assertThrows(LlmHttpException.class, () -> models.show("absent"));
        assertEquals(404, e.getStatusCode());
        assertFalse(e.isRetriable());
        assertEquals("model 'absent' not found", e.getServerMessage());
    }

    @Test
    void delete() {
        models.delete("other:7b");
        assertEquals(
                List.of("tiny:latest"),
                models.list().stream().map(OllamaModels.Model::name).toList());
        assertEquals(
                "DELETE",
                server.requests().stream()
                        .filter(r -> r.path().equals("/api/delete"))
                        .findFirst()
                        .orElseThrow()
                        .method());
        LlmHttpException e = assertThrows(LlmHttpException.class, () -> models.delete("other:7b"));
        assertEquals(404, e.getStatusCode());
    }

    @Test
    void pullReportsProgressInOrderAndInstalls() {
        server.addPullable("fresh", 1000, 200);
        List<OllamaModels.PullProgress> events = new ArrayList<>();
        models.pull("fresh", events::add);
        List<String> statuses =
                events.stream().map(OllamaModels.PullProgress::status).toList();
        assertEquals("pulling manifest", statuses.get(0));
        assertEquals("success", statuses.get(statuses.size() - 1));
        assertTrue(statuses.indexOf("verifying sha256 digest") < statuses.indexOf("writing manifest"));
        List<OllamaModels.PullProgress> downloads =
                events.stream().filter(p -> p.digest() != null).toList();
        assertEquals(6, downloads.size());
        assertEquals(1000, downloads.get(0).total());
        assertEquals(0, downloads.get(0).completed());
        assertEquals(0.5, downloads.get(1).fraction(), 1e-9);
        assertEquals(1.0, downloads.get(2).fraction(), 1e-9);
        assertEquals(200, downloads.get(3).total());
        assertEquals(-1, events.get(0).fraction(), 1e-9);
        assertTrue(events.get(events.size() - 1).isSuccess());
        assertTrue(server.lastRequest("/api/pull").get("stream").asBoolean());
        assertTrue(models.list().stream().anyMatch(m -> m.name().equals("fresh:latest")));
    }

    @Test
    void pullOfAnUnknownModelFailsWithTheServersText() {
        List<OllamaModels.PullProgress> events = new ArrayList<>();
        LlmHttpException e = assertThrows(LlmHttpException.class, () -> models.pull("nosuch", events::add));
        assertEquals("pull model manifest: file does not exist", e.getServerMessage());
        assertEquals(1, events.size());
    }

    @Test
    void pullThatBreaksFails() {
        server.addPullable("fresh", 1000);
        server.failNext(OllamaWireServer.Fault.dropAfter(2));
        List<OllamaModels.PullProgress> events = new ArrayList<>();
        LlmHttpException e = assertThrows(LlmHttpException.class, () -> models.pull("fresh", events::add));
        assertEquals(0, e.getStatusCode());
        assertEquals(2, events.size());
        assertFalse(models.list().stream().anyMatch(m -> m.name().equals("fresh:latest")));
    }

    @Test
    void pullThatEndsWithoutSuccessFails() {
        server.addPullable("fresh", 1000);
        server.failNext(OllamaWireServer.Fault.endWithoutDone(3));
        LlmHttpException e = assertThrows(LlmHttpException.class, () -> models.pull("fresh", p -> {}));
        assertTrue(e.getServerMessage().contains("without success"), e.getMessage());
    }
}
