package io.github.camelllm.remote.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.camelllm.component.BackendSpecs;
import io.github.camelllm.component.LlmConfiguration;
import io.github.camelllm.component.TestRuntime;
import io.github.camelllm.spi.LlmHttpException;
import io.github.camelllm.spi.LlmInvalidRequestException;
import io.github.camelllm.spi.RemoteSettings;
import io.github.camelllm.testing.Fixtures;
import io.github.camelllm.testing.LoopbackServer;

/** The API key goes to the server as a Bearer token and nowhere else. */
@Timeout(20)
class OpenAiApiKeyTest {

    private static final String KEY = "sk-test-0123456789abcdef";
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : resources) {
            c.close();
        }
    }

    private LoopbackServer server(LoopbackServer.Handler chat) {
        LoopbackServer s = new LoopbackServer().on("/v1/chat/completions", chat);
        resources.add(s);
        return s;
    }

    private Exchange chat(LoopbackServer s, Map<String, Object> extra) throws Exception {
        CamelContext context = new DefaultCamelContext();
        resources.add(0, context::stop);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("backend", "openai");
        p.put("baseUrl", s.baseUrl());
        p.put("model", "m");
        p.put("requestTimeout", 3000);
        p.putAll(extra);
        Fixtures.load(context, Fixtures.route("r", "direct:a", "chat", p));
        context.start();
        return context.createProducerTemplate()
                .request("direct:a", e -> e.getMessage().setBody("[{\"role\":\"user\",\"content\":\"hi\"}]"));
    }

    @Test
    void optionIsSentAsBearerToken() throws Exception {
        LoopbackServer s = server((ex, r, n) -> OpenAiFaultTest.okStream(ex));
        Exchange ex = chat(s, Map.of("apiKey", KEY));
        assertNull(ex.getException());
        assertEquals("Bearer " + KEY, s.last().header("Authorization"));
    }

    @Test
    void environmentFallbackIsUsedWhenTheOptionIsNotSet() {
        LoopbackServer s = server((ex, r, n) -> OpenAiFaultTest.okStream(ex));
        LlmConfiguration c = new LlmConfiguration();
        c.setBaseUrl(s.baseUrl());
        assertEquals(
                "sk-from-env",
                BackendSpecs.remote(c)
                        .withDefaults(OpenAiBackendFactory.DEFAULT_BASE_URL, "sk-from-env")
                        .apiKey());
        try (OpenAiBackend b =
                OpenAiBackendFactory.create(BackendSpecs.remote(c), "sk-from-env", TestRuntime.context())) {
            assertEquals("Hello", OpenAiFaultTest.drain(b.generate(OpenAiFaultTest.chat(0))));
        }
        assertEquals("Bearer sk-from-env", s.last().header("Authorization"));

        c.setApiKey(KEY);
        try (OpenAiBackend b =
                OpenAiBackendFactory.create(BackendSpecs.remote(c), "sk-from-env", TestRuntime.context())) {
            OpenAiFaultTest.drain(b.generate(OpenAiFaultTest.chat(0)));
        }
        assertEquals("Bearer " + KEY, s.last().header("Authorization"), "the option wins over the environment");
    }

    @Test
    void keyNeverAppearsInErrorsOrLogs() throws Exception {
        // a server that rate-limits once (the transport logs the retry), then rejects the key and echoes it
        LoopbackServer s = server((ex, r, n) -> {
            if (n == 1) {
                ex.getResponseHeaders().set("Retry-After", "0");
                LoopbackServer.json(ex, 429, "{\"error\":{\"message\":\"slow down " + KEY + "\"}}");
            } else {
                LoopbackServer.json(ex, 401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}");
            }
        });
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Exchange ex;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ex = chat(s, Map.of("apiKey", KEY, "maxRetries", 2));
        } finally {
            System.setErr(original);
        }
        LlmHttpException e = Fixtures.failure(ex, LlmHttpException.class);
        assertEquals(401, e.getStatusCode());
        assertFalse(e.isRetriable());
        assertEquals("Incorrect API key provided: ***", e.getServerMessage());
        for (Throwable t = ex.getException(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(KEY), t.toString());
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertTrue(logs.contains("retry 1/2"), "the retry was logged: " + logs);
        assertFalse(logs.contains(KEY), logs);
        assertEquals(2, s.count("/v1/chat/completions"));
    }

    @Test
    void settingsNeverPrintTheKey() {
        LlmConfiguration c = new LlmConfiguration();
        c.setApiKey(KEY);
        c.setModel("gpt-4o-mini");
        RemoteSettings settings = BackendSpecs.remote(c).withDefaults(OpenAiBackendFactory.DEFAULT_BASE_URL, null);
        assertFalse(settings.toString().contains(KEY));
    }

    @Test
    void modelIsRequiredForApiOpenAiCom() {
        LlmConfiguration c = new LlmConfiguration();
        c.setApiKey(KEY);
        LlmInvalidRequestException e = assertThrows(
                LlmInvalidRequestException.class,
                () -> OpenAiBackendFactory.create(BackendSpecs.remote(c), null, TestRuntime.context()));
        assertTrue(e.getMessage().contains("needs option model"), e.getMessage());
        assertFalse(e.getMessage().contains(KEY));
        c.setBaseUrl("http://127.0.0.1:1/v1");
        OpenAiBackendFactory.create(BackendSpecs.remote(c), null, TestRuntime.context())
                .close(); // other servers may serve their own default model
    }
}
