package io.github.camelllm.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.camelllm.remote.ollama.OllamaWireServer;
import io.github.camelllm.spi.LlmHealth;
import io.github.camelllm.testing.Fixtures;
import io.github.camelllm.testing.LoopbackServer;

/**
 * The readiness check of llm endpoints on remote backends, through Camel's health-check registry (producers
 * repository), against real HTTP servers in this JVM: an OpenAI-compatible one replaying llama-server captures, and the
 * Ollama wire server.
 */
class LlmHealthCheckTest {

    private LoopbackServer server;
    private final List<CamelContext> contexts = new ArrayList<>();
    private volatile int modelsStatus = 200;
    private volatile boolean completionsFail;
    private volatile long completionsDelayMs;

    @BeforeEach
    void start() {
        server = new LoopbackServer()
                .on("/v1/models", (ex, r, n) -> {
                    if (modelsStatus == 200) {
                        Fixtures.serve(ex, 200, "default_models.json", "default_v1_chat.headers");
                    } else {
                        LoopbackServer.json(
                                ex,
                                modelsStatus,
                                "{\"error\":{\"message\":\"Incorrect API key provided\",\"code\":" + modelsStatus
                                        + "}}");
                    }
                })
                .on("/v1/completions", (ex, r, n) -> {
                    Thread.sleep(completionsDelayMs);
                    if (completionsFail) {
                        Fixtures.serveError(ex, "default_missing_prompt.json");
                    } else {
                        Fixtures.serve(ex, 200, "default_v1_completions_stream.sse", "default_v1_chat_stream.headers");
                    }
                });
    }

    @AfterEach
    void stop() {
        contexts.forEach(CamelContext::stop);
        server.close();
    }

    private Map<String, Object> params(Object... extra) {
        Map<String, Object> p = new LinkedHashMap<>(Map.of(
                "backend",
                "openai",
                "baseUrl",
                server.baseUrl(),
                "maxRetries",
                0,
                "model",
                "stories260K",
                "healthCheckCacheTime",
                0,
                "healthCheckTimeout",
                1000));
        for (int i = 0; i < extra.length; i += 2) {
            p.put((String) extra[i], extra[i + 1]);
        }
        return p;
    }

    /** A CamelContext whose producer health checks are turned on (what camel.health.producersEnabled=true does). */
    private CamelContext context(String yaml) throws Exception {
        CamelContext c = new DefaultCamelContext();
        contexts.add(c);
        HealthCheckRepository producers = HealthCheckHelper.getHealthCheckRepository(c, "producers");
        assertNotNull(producers, "camel-health provides the producers repository");
        producers.setEnabled(true);
        Fixtures.load(c, yaml);
        c.start();
        return c;
    }

    private static HealthCheck.Result llmReadiness(CamelContext c, String idPrefix) {
        Collection<HealthCheck.Result> results = HealthCheckHelper.invoke(
                c,
                check -> Map.of(HealthCheck.CHECK_KIND, HealthCheck.Kind.READINESS),
                check -> !check.isReadiness(),
                "full");
        List<HealthCheck.Result> ours = results.stream()
                .filter(r -> r.getCheck().getId().startsWith(idPrefix))
                .toList();
        assertEquals(
                1,
                ours.size(),
                "one check for " + idPrefix + " in "
                        + results.stream().map(r -> r.getCheck().getId()).toList());
        return ours.get(0);
    }

    @Test
    void upWhileTheServerAnswersAndDownWithTheReasonOnceItIsGone() throws Exception {
        CamelContext c = context(Fixtures.route("call", "direct:call", "call", params()));
        HealthCheck.Result up = llmReadiness(c, "producer:llm://call");
        assertEquals(HealthCheck.State.UP, up.getState(), () -> up.getMessage() + " " + up.getDetails());
        assertEquals("openai", up.getDetails().get("backend"));
        assertEquals("stories260K", up.getDetails().get("model"));
        assertEquals(server.baseUrl(), up.getDetails().get("url"));
        assertEquals(200, up.getDetails().get("httpStatus"));
        assertEquals("ready", up.getDetails().get("state"));
        assertEquals("camel", up.getCheck().getGroup());
        assertTrue(HealthCheckHelper.isResultsUp(HealthCheckHelper.invokeReadiness(c), true));

        String baseUrl = server.baseUrl();
        server.close();
        HealthCheck.Result down = llmReadiness(c, "producer:llm://call");
        assertEquals(HealthCheck.State.DOWN, down.getState());
        String message = down.getMessage().orElse("");
        assertTrue(message.startsWith("the openai server at " + baseUrl + " is unreachable: cannot connect"), message);
        assertTrue(down.getError().isPresent(), "the connection failure is the error of the result");
        assertEquals(baseUrl, down.getDetails().get("url"));
        assertFalse(HealthCheckHelper.isResultsUp(HealthCheckHelper.invokeReadiness(c), true));
    }

    @Test
    void itIsAReadinessCheckOnly() throws Exception {
        CamelContext c = context(Fixtures.route("call", "direct:call", "call", params()));
        server.close();
        assertTrue(
                HealthCheckHelper.invokeLiveness(c).stream()
                        .noneMatch(r -> r.getCheck().getId().startsWith("producer:llm")),
                "a model server that is down must not get the process restarted");
    }

    @Test
    void answersAreSharedPerServerForTheCacheTime() throws Exception {
        CamelContext c = context(Fixtures.route("call", "direct:call", "call", params("healthCheckCacheTime", 60_000))
                + Fixtures.route("chat", "direct:chat", "chat", params("healthCheckCacheTime", 60_000)));
        for (int i = 0; i < 3; i++) {
            assertEquals(
                    HealthCheck.State.UP, llmReadiness(c, "producer:llm://call").getState());
            assertEquals(
                    HealthCheck.State.UP, llmReadiness(c, "producer:llm://chat").getState());
        }
        assertEquals(1, server.count("/v1/models"), "six checks of two endpoints, one request to the server");
    }

    @Test
    void aRefusedApiKeyIsDown() throws Exception {
        modelsStatus = 401;
        CamelContext c = context(Fixtures.route("call", "direct:call", "call", params("apiKey", "sk-secret-123")));
        HealthCheck.Result r = llmReadiness(c, "producer:llm://call");
        assertEquals(HealthCheck.State.DOWN, r.getState());
        assertTrue(
                r.getMessage().orElse("").contains("refused the API key (HTTP 401): Incorrect API key provided"),
                r.getMessage().orElse(""));
        assertEquals("Bearer sk-secret-123", server.last().header("Authorization"));
        String id = r.getCheck().getId();
        assertFalse(id.contains("sk-secret-123"), "the key is masked in the check id: " + id);
        assertFalse(String.valueOf(r.getDetails()).contains("sk-secret-123"), String.valueOf(r.getDetails()));
    }

    @Test
    void theGenerationProbeCatchesAServerThatListsModelsButCannotGenerate() throws Exception {
        CamelContext c = context(Fixtures.route("call", "direct:call", "call", params("healthCheckProbe", true)));
        HealthCheck.Result up = llmReadiness(c, "producer:llm://call");
        assertEquals(HealthCheck.State.UP, up.getState(), () -> up.getMessage().orElse(""));
        assertEquals("ok", up.getDetails().get("probe"));
        assertTrue(
                Fixtures.MAPPER
                                .readTree(server.last().body())
                                .path("max_tokens")
                                .asInt()
                        == 1,
                server.last().body());

        completionsFail = true;
        HealthCheck.Result down = llmReadiness(c, "producer:llm://call");
        assertEquals(HealthCheck.State.DOWN, down.getState());
        assertTrue(
                down.getMessage().orElse("").startsWith("generation probe failed: "),
                down.getMessage().orElse(""));
        assertTrue(
                down.getMessage().orElse("").contains("\"prompt\" is required"),
                down.getMessage().orElse(""));
        assertEquals("failed", down.getDetails().get("probe"));
        assertEquals(200, down.getDetails().get("httpStatus"), "the server itself answered");
    }

    @Test
    void aProbeWithoutAnAnswerWithinTheTimeoutIsDownWithoutHoldingTheCheck() throws Exception {
        completionsDelayMs = 3000;
        CamelContext c = context(Fixtures.route(
                "call", "direct:call", "call", params("healthCheckProbe", true, "healthCheckTimeout", 300)));
        long start = System.nanoTime();
        HealthCheck.Result down = llmReadiness(c, "producer:llm://call");
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(HealthCheck.State.DOWN, down.getState());
        assertEquals(
                "generation probe got no answer within 300 ms (healthCheckTimeout)",
                down.getMessage().orElse(""));
        assertTrue(
                tookMs < 2500, "the check returned after about the timeout, not the server's delay: " + tookMs + " ms");
        // the next check waits for the same probe instead of sending another one
        llmReadiness(c, "producer:llm://call");
        assertEquals(1, server.count("/v1/completions"));
    }

    @Test
    void ollamaIsDownWhenTheModelIsNotInstalled() throws Exception {
        try (OllamaWireServer ollama =
                OllamaWireServer.start(new OllamaWireServer.ScriptedEngine().reply("Hi there"), "tiny")) {
            Map<String, Object> installed = Map.of(
                    "baseUrl",
                    ollama.baseUrl(),
                    "model",
                    "tiny@ollama",
                    "healthCheckCacheTime",
                    0,
                    "healthCheckProbe",
                    true);
            Map<String, Object> missing =
                    Map.of("baseUrl", ollama.baseUrl(), "model", "qwen2.5:7b@ollama", "healthCheckCacheTime", 0);
            CamelContext c = context(Fixtures.route("tiny", "direct:tiny", "chat", installed)
                    + Fixtures.route("missing", "direct:missing", "call", missing));
            HealthCheck.Result up = llmReadiness(c, "producer:llm://chat");
            assertEquals(
                    HealthCheck.State.UP, up.getState(), () -> up.getMessage().orElse(""));
            assertEquals("ollama", up.getDetails().get("backend"));
            assertEquals("ok", up.getDetails().get("probe"));
            HealthCheck.Result down = llmReadiness(c, "producer:llm://call");
            assertEquals(HealthCheck.State.DOWN, down.getState());
            assertEquals(
                    "model 'qwen2.5:7b' is not installed on the Ollama server at " + ollama.baseUrl()
                            + ": pull it first (ollama pull qwen2.5:7b, or camel-llm model pull qwen2.5:7b@ollama)",
                    down.getMessage().orElse(""));
        }
    }

    @Test
    void theHealthOfAnEndpointIsAPublicCall() throws Exception {
        CamelContext c = context(Fixtures.route("call", "direct:call", "call", params()));
        LlmEndpoint endpoint = c.getEndpoints().stream()
                .filter(LlmEndpoint.class::isInstance)
                .map(LlmEndpoint.class::cast)
                .findFirst()
                .orElseThrow();
        LlmHealth health = endpoint.health();
        assertTrue(health.up(), health.toString());
        assertEquals("openai", health.backend());
        assertEquals(server.baseUrl(), health.url());
        assertEquals("llm:call", health.details().get("operation"));
    }

    @Test
    void badHealthOptionsFailTheRouteStartNamingTheOption() {
        Map<String, String> expected = Map.of(
                "healthCheckTimeout",
                "option healthCheckTimeout=0 is out of range: must be a positive number of milliseconds",
                "healthCheckCacheTime",
                "option healthCheckCacheTime=-1 is out of range: must be 0 (check every time) or a positive"
                        + " number of milliseconds");
        for (var e : expected.entrySet()) {
            Object value = e.getKey().equals("healthCheckTimeout") ? 0 : -1;
            Exception thrown = assertThrows(
                    Exception.class,
                    () -> context(Fixtures.route("bad", "direct:bad", "call", params(e.getKey(), value))));
            StringBuilder all = new StringBuilder();
            for (Throwable t = thrown; t != null; t = t.getCause()) {
                all.append(t.getMessage()).append('\n');
            }
            assertTrue(all.toString().contains(e.getValue()), all.toString());
        }
    }

    @Test
    void healthCheckProducerEnabledFalseDisablesTheCheck() throws Exception {
        CamelContext c = new DefaultCamelContext();
        contexts.add(c);
        LlmComponent llm = new LlmComponent();
        llm.setHealthCheckProducerEnabled(false);
        c.getRegistry().bind("llm", llm);
        HealthCheckHelper.getHealthCheckRepository(c, "producers").setEnabled(true);
        Fixtures.load(c, Fixtures.route("call", "direct:call", "call", params()));
        c.start();
        server.close();
        HealthCheck.Result r = llmReadiness(c, "producer:llm://call");
        assertEquals(HealthCheck.State.UNKNOWN, r.getState(), "disabled checks are not run");
        assertEquals(Boolean.FALSE, r.getDetails().get(HealthCheck.CHECK_ENABLED));
    }

    @Test
    void camelMainReportsTheCheckWithProducerHealthChecksTurnedOn() throws Exception {
        Main main = new Main();
        main.addInitialProperty("camel.health.producersEnabled", "true");
        main.addInitialProperty("camel.component.llm.backend", "openai");
        main.addInitialProperty("camel.component.llm.base-url", server.baseUrl());
        main.addInitialProperty("camel.component.llm.model", "stories260K");
        main.addInitialProperty("camel.component.llm.health-check-cache-time", "0");
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:main").routeId("main").to("llm:call?maxTokens=8");
            }
        });
        main.start();
        try {
            CamelContext c = main.getCamelContext();
            HealthCheck.Result up = llmReadiness(c, "producer:llm://call");
            assertEquals(
                    HealthCheck.State.UP, up.getState(), () -> up.getMessage().orElse(""));
            assertEquals(server.baseUrl(), up.getDetails().get("url"));
            assertTrue(HealthCheckHelper.isResultsUp(HealthCheckHelper.invokeReadiness(c), true));
            server.close();
            HealthCheck.Result down = llmReadiness(c, "producer:llm://call");
            assertEquals(HealthCheck.State.DOWN, down.getState());
            assertFalse(HealthCheckHelper.isResultsUp(HealthCheckHelper.invokeReadiness(c), true));
        } finally {
            main.stop();
        }
    }
}
