package io.github.camelllm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.github.camelllm.component.LlmConstants;

/**
 * Catalog names, pullStrategy and llm:models, with the catalog's Hugging Face URLs redirected to a mirror on loopback
 * (camel.llm.models.mirror, as an air-gapped site would do) that serves the real bundled GGUF file.
 */
class LlmModelsTest {

    static HttpServer mirror;
    static final AtomicInteger DOWNLOADS = new AtomicInteger();
    static final String QWEN_FILE = "tiny-story-q8_0.gguf";

    @BeforeAll
    static void startMirror() throws Exception {
        byte[] gguf = Files.readAllBytes(TestModels.stories());
        mirror = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        mirror.createContext("/", ex -> {
            try (ex) {
                if (ex.getRequestURI().getPath().endsWith("/resolve/main/" + QWEN_FILE)) {
                    DOWNLOADS.incrementAndGet();
                    ex.sendResponseHeaders(200, gguf.length);
                    ex.getResponseBody().write(gguf);
                } else {
                    ex.sendResponseHeaders(404, -1);
                }
            }
        });
        mirror.start();
        // a site's own catalog with one entry: the real bundled file, its real size and hash
        SiteCatalog.install(
                "tiny-story",
                "stories260K under another name",
                QWEN_FILE,
                mirror.getAddress().getPort());
    }

    @AfterAll
    static void stopMirror() {
        SiteCatalog.clear();
        mirror.stop(0);
    }

    private static String failure(String yaml) {
        Exception e = assertThrows(
                Exception.class, () -> YamlRouteTestSupport.start(yaml).close());
        StringBuilder all = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void aCatalogModelThatIsNotThereFailsListingThePlacesAndThePullCommand(@TempDir Path dir) {
        String msg = failure("""
                - route:
                    from:
                      uri: "direct:a"
                      steps:
                        - to: { uri: "llm:call", parameters: { backend: local, model: tiny-story, modelsDir: "%s" } }
                """.formatted(dir));
        assertTrue(msg.contains("camel-llm model pull tiny-story"), msg);
        assertTrue(msg.contains(dir.toString()), "names the models directory searched: " + msg);
        assertTrue(msg.contains("pullStrategy=whenMissing"), msg);
    }

    @Test
    void pullStrategyWhenMissingFetchesTheModelAtRouteStartThenUsesIt(@TempDir Path dir) throws Exception {
        int before = DOWNLOADS.get();
        String yaml = """
                - route:
                    from:
                      uri: "direct:a"
                      steps:
                        - to: { uri: "llm:call", parameters: { model: tiny-story, pullStrategy: whenMissing, modelsDir: "%s", maxTokens: 32, temperature: 0 } }
                """.formatted(dir);
        try (YamlRouteTestSupport r = YamlRouteTestSupport.start(yaml)) {
            assertTrue(Files.isRegularFile(dir.resolve(QWEN_FILE)));
            try (var files = Files.list(dir)) {
                assertEquals(1, files.count(), "no partial download left behind");
            }
            Exchange ex = r.template.request("direct:a", e -> e.getMessage().setBody("Once upon a time"));
            assertNull(ex.getException());
            // the mirror served the stories260K file under the catalog's name
            assertEquals(TestModels.ONCE_UPON_A_TIME_32, ex.getMessage().getBody());
            assertEquals("tiny-story-q8_0", ex.getMessage().getHeader(LlmConstants.MODEL));
            assertEquals("local", ex.getMessage().getHeader(LlmConstants.BACKEND));
        }
        assertEquals(before + 1, DOWNLOADS.get());
        try (YamlRouteTestSupport r = YamlRouteTestSupport.start(yaml)) {
            assertEquals(before + 1, DOWNLOADS.get(), "present now: not downloaded again");
        }
    }

    @Test
    void pullStrategyAlwaysVerifiesAPresentFileInsteadOfDownloadingItAgain(@TempDir Path dir) throws Exception {
        Files.copy(TestModels.stories(), dir.resolve(QWEN_FILE));
        int before = DOWNLOADS.get();
        try (YamlRouteTestSupport r = YamlRouteTestSupport.start("""
                - route:
                    from:
                      uri: "direct:a"
                      steps:
                        - to: { uri: "llm:call", parameters: { model: tiny-story, pullStrategy: always, modelsDir: "%s", maxTokens: 8 } }
                """.formatted(dir))) {
            assertEquals(before, DOWNLOADS.get(), "the file matches the catalog's sha256: kept");
        }
        Files.write(dir.resolve(QWEN_FILE), new byte[] {'G', 'G', 'U', 'F', 0});
        try (YamlRouteTestSupport r = YamlRouteTestSupport.start("""
                - route:
                    from:
                      uri: "direct:a"
                      steps:
                        - to: { uri: "llm:call", parameters: { model: tiny-story, pullStrategy: always, modelsDir: "%s", maxTokens: 8 } }
                """.formatted(dir))) {
            assertEquals(before + 1, DOWNLOADS.get(), "a corrupt file is fetched again");
            assertEquals(BUNDLED_SHA256, io.github.camelllm.models.ModelDownloader.sha256(dir.resolve(QWEN_FILE)));
        }
    }

    @Test
    void llmModelsListsInspectsPullsAndRemoves(@TempDir Path dir) throws Exception {
        try (YamlRouteTestSupport r = YamlRouteTestSupport.start("""
                - route:
                    from:
                      uri: "direct:models"
                      steps:
                        - to: { uri: "llm:models", parameters: { modelsDir: "%s" } }
                """.formatted(dir))) {
            List<?> empty = r.template.requestBody("direct:models", null, List.class);
            assertTrue(empty.isEmpty());
            List<?> available = r.template.requestBodyAndHeader(
                    "direct:models", null, LlmConstants.MODELS_ACTION, "available", List.class);
            assertTrue(available.stream().anyMatch(m -> "tiny-story".equals(((Map<?, ?>) m).get("name"))));

            Map<?, ?> pulled = r.template.requestBodyAndHeader(
                    "direct:models", "tiny-story", LlmConstants.MODELS_ACTION, "pull", Map.class);
            assertEquals(true, pulled.get("downloaded"));
            assertEquals(BUNDLED_SHA256, pulled.get("sha256"));

            List<?> list = r.template.requestBody("direct:models", null, List.class);
            assertEquals(1, list.size());
            Map<?, ?> row = (Map<?, ?>) list.get(0);
            assertEquals(QWEN_FILE, row.get("file"));
            assertEquals("llama", row.get("architecture"));
            assertEquals("tiny-story", row.get("name"));

            Map<?, ?> info = r.template.requestBodyAndHeader(
                    "direct:models", "tiny-story", LlmConstants.MODELS_ACTION, "info", Map.class);
            assertTrue(String.valueOf(info.get("summary")).contains("llama"), String.valueOf(info));

            Exchange bad = r.template.request("direct:models", e -> {
                e.getMessage().setBody("../../etc/passwd");
                e.getMessage().setHeader(LlmConstants.MODELS_ACTION, "remove");
            });
            assertTrue(bad.getException() != null, "a name outside the models directory is refused");

            List<?> removed = r.template.requestBodyAndHeader(
                    "direct:models", "tiny-story", LlmConstants.MODELS_ACTION, "remove", List.class);
            assertEquals(1, removed.size());
            assertTrue(!Files.exists(dir.resolve(QWEN_FILE)));
        }
    }

    static final String BUNDLED_SHA256 = "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d";
}
