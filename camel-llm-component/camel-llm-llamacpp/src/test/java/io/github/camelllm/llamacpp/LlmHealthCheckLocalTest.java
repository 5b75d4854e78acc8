package io.github.camelllm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.github.camelllm.spi.LlmModelException;

/**
 * The readiness check of llm endpoints on the local backend (llama.cpp in this JVM, the real bundled model): DOWN while
 * the model loads and after a failed load, UP once loaded, and the generation probe.
 */
class LlmHealthCheckLocalTest {

    static HttpServer mirror;
    static final CountDownLatch RELEASE_DOWNLOAD = new CountDownLatch(1);
    static final String FILE = "slow-story-f32.gguf";

    /** A site mirror (camel.llm.models.mirror) that holds the download of the catalog model until the test says so. */
    @BeforeAll
    static void startSlowMirror() throws Exception {
        byte[] gguf = Files.readAllBytes(TestModels.stories());
        mirror = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        mirror.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        mirror.createContext("/", ex -> {
            try (ex) {
                if (!ex.getRequestURI().getPath().endsWith("/resolve/main/" + FILE)) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                RELEASE_DOWNLOAD.await(30, TimeUnit.SECONDS);
                ex.sendResponseHeaders(200, gguf.length);
                ex.getResponseBody().write(gguf);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        mirror.start();
        SiteCatalog.install(
                "slow-story",
                "stories260K from a slow mirror",
                FILE,
                mirror.getAddress().getPort());
    }

    @AfterAll
    static void stopMirror() {
        RELEASE_DOWNLOAD.countDown();
        SiteCatalog.clear();
        mirror.stop(0);
    }

    /** Routes in a CamelContext whose producer health checks are on (camel.health.producersEnabled=true). */
    private static YamlRouteTestSupport routes(String yaml) throws Exception {
        return YamlRouteTestSupport.start(
                yaml,
                c -> HealthCheckHelper.getHealthCheckRepository(c, "producers").setEnabled(true));
    }

    private static List<HealthCheck.Result> llmReadiness(CamelContext c) {
        Collection<HealthCheck.Result> all = HealthCheckHelper.invoke(
                c,
                check -> Map.of(HealthCheck.CHECK_KIND, HealthCheck.Kind.READINESS),
                check -> !check.isReadiness(),
                "full");
        return all.stream()
                .filter(r -> r.getCheck().getId().startsWith("producer:llm:"))
                .toList();
    }

    private static HealthCheck.Result only(CamelContext c) {
        List<HealthCheck.Result> ours = llmReadiness(c);
        assertEquals(1, ours.size(), ours.toString());
        return ours.get(0);
    }

    @Test
    void upOnceTheModelIsLoaded() throws Exception {
        try (YamlRouteTestSupport r = routes("""
                - route:
                    from:
                      uri: "direct:a"
                      steps:
                        - to: { uri: "llm:call", parameters: { maxTokens: 8, parallel: 2 } }
                """)) {
            HealthCheck.Result up = only(r.context);
            assertEquals(
                    HealthCheck.State.UP, up.getState(), () -> up.getMessage().orElse(""));
            assertEquals("local", up.getDetails().get("backend"));
            assertEquals("stories260K", up.getDetails().get("model"));
            assertEquals(TestModels.stories().toString(), up.getDetails().get("url"));
            assertEquals(2, up.getDetails().get("slots"));
            assertEquals(0, up.getDetails().get("slotsInUse"));
            assertEquals("generation", up.getDetails().get("mode"));
            assertTrue(HealthCheckHelper.isResultsUp(HealthCheckHelper.invokeReadiness(r.context), true));

            // a stopped route takes its check away: nothing stale is left to report DOWN
            r.context
                    .getRouteController()
                    .stopRoute(r.context.getRoutes().get(0).getRouteId());
            assertTrue(
                    llmReadiness(r.context).isEmpty(), llmReadiness(r.context).toString());
        }
    }

    @Test
    void downWhileTheModelLoadsThenUp(@TempDir Path modelsDir) throws Exception {
        try (YamlRouteTestSupport r = routes("""
                - route:
                    from:
                      uri: "direct:a"
                      steps:
                        - to: { uri: "llm:call", parameters: { model: slow-story, pullStrategy: whenMissing, modelsDir: "%s",
                                lazyStartProducer: true, maxTokens: 32, temperature: 0 } }
                """.formatted(modelsDir))) {
            assertTrue(llmReadiness(r.context).isEmpty(), "a lazy producer has no check before its first message");
            CompletableFuture<Exchange> first = CompletableFuture.supplyAsync(
                    () -> r.template.request("direct:a", e -> e.getMessage().setBody("Once upon a time")));
            // the check is registered as the producer starts, a moment before the backend (local) is chosen and the
            // model load begins: wait for the load, which the blocked download holds
            HealthCheck.Result loading =
                    awaitCheck(r.context, x -> "local".equals(x.getDetails().get("backend")));
            assertEquals(HealthCheck.State.DOWN, loading.getState());
            assertEquals(
                    "model slow-story is loading (llm:call is starting)",
                    loading.getMessage().orElse(""));
            assertEquals("starting", loading.getDetails().get("state"));
            assertEquals("local", loading.getDetails().get("backend"));
            assertTrue(HealthCheckHelper.invokeReadiness(r.context).stream()
                    .anyMatch(x -> x.getState() == HealthCheck.State.DOWN));

            RELEASE_DOWNLOAD.countDown();
            Exchange done = first.get(30, TimeUnit.SECONDS);
            assertNull(done.getException());
            assertEquals(TestModels.ONCE_UPON_A_TIME_32, done.getMessage().getBody(String.class));
            HealthCheck.Result up = only(r.context);
            assertEquals(
                    HealthCheck.State.UP, up.getState(), () -> up.getMessage().orElse(""));
            assertEquals("slow-story-f32", up.getDetails().get("model"));
        }
    }

    private static HealthCheck.Result awaitCheck(CamelContext c, java.util.function.Predicate<HealthCheck.Result> ready)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<HealthCheck.Result> ours = List.of();
        while (System.nanoTime() < deadline) {
            ours = llmReadiness(c);
            if (!ours.isEmpty() && ready.test(ours.get(0))) {
                return ours.get(0);
            }
            Thread.sleep(20);
        }
        return fail("the producer's health check never reached the expected state: " + ours);
    }

    @Test
    void downWithTheErrorWhenTheModelFailsToLoad(@TempDir Path dir) throws Exception {
        Path notAModel = Files.writeString(dir.resolve("model.gguf"), "<html>a login page, not a model</html>");
        try (YamlRouteTestSupport r = routes("""
                - route:
                    from:
                      uri: "direct:a"
                      steps:
                        - to: { uri: "llm:call", parameters: { modelPath: "%s", lazyStartProducer: true } }
                """.formatted(notAModel))) {
            Exchange ex = r.template.request("direct:a", e -> e.getMessage().setBody("Once upon a time"));
            assertInstanceOf(LlmModelException.class, ex.getException());
            HealthCheck.Result down = only(r.context);
            assertEquals(HealthCheck.State.DOWN, down.getState());
            String message = down.getMessage().orElse("");
            assertTrue(message.startsWith("llm:call could not start: "), message);
            assertTrue(message.contains(notAModel.getFileName().toString()), message);
            assertEquals(
                    ex.getException().getMessage(),
                    down.getError().orElseThrow().getMessage());
            assertEquals("failed", down.getDetails().get("state"));
            assertEquals(notAModel.toString(), down.getDetails().get("url"));
        }
    }

    @Test
    void theProbeGeneratesOneTokenAndFindsAModelThatCannotServeItsEndpoint() throws Exception {
        try (YamlRouteTestSupport r = routes("""
                - route:
                    from:
                      uri: "direct:call"
                      steps:
                        - to: { uri: "llm:call", parameters: { healthCheckProbe: true, healthCheckCacheTime: 0 } }
                - route:
                    from:
                      uri: "direct:embed"
                      steps:
                        - to: { uri: "llm:embed", parameters: { healthCheckProbe: true } }
                - route:
                    from:
                      uri: "direct:chatml"
                      steps:
                        - to: { uri: "llm:chat", parameters: { healthCheckProbe: true, chatTemplate: chatml } }
                - route:
                    from:
                      uri: "direct:chat"
                      steps:
                        - to: { uri: "llm:chat", parameters: { healthCheckProbe: true, maxTokens: 7 } }
                """)) {
            Map<String, HealthCheck.Result> byUri = new java.util.HashMap<>();
            llmReadiness(r.context).forEach(x -> byUri.put(x.getCheck().getId(), x));
            assertEquals(4, byUri.size(), byUri.keySet().toString());
            for (var e : byUri.entrySet()) {
                HealthCheck.Result x = e.getValue();
                if (e.getKey().contains("maxTokens=7")) {
                    // stories260K has no chat template: every request of this endpoint would fail, and so does the
                    // probe
                    assertEquals(HealthCheck.State.DOWN, x.getState(), e.getKey());
                    String message = x.getMessage().orElse("");
                    assertTrue(
                            message.startsWith("generation probe failed: model 'stories260K' has no chat template"),
                            message);
                    assertEquals("failed", x.getDetails().get("probe"));
                } else {
                    assertEquals(
                            HealthCheck.State.UP,
                            x.getState(),
                            () -> e.getKey() + ": " + x.getMessage().orElse(""));
                    assertEquals("ok", x.getDetails().get("probe"), e.getKey());
                }
            }
            // the probe left every slot free and the model serves requests as before
            Exchange ex = r.template.request("direct:call", e -> e.getMessage().setBody("Once upon a time"));
            assertNull(ex.getException());
        }
    }
}
