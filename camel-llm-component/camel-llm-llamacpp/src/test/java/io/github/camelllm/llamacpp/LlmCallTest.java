package io.github.camelllm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;

import io.github.camelllm.component.LlmComponent;
import io.github.camelllm.component.LlmConstants;
import io.github.camelllm.spi.LlmContextLengthExceededException;
import io.github.camelllm.spi.LlmInvalidRequestException;
import io.github.camelllm.spi.LlmOutputValidationException;

/** llm:call from YAML routes on the real bundled model. */
class LlmCallTest {

    static YamlRouteTestSupport routes;
    static LlamaModel direct;

    @BeforeAll
    static void start() throws Exception {
        routes = YamlRouteTestSupport.start("""
                - route:
                    from:
                      uri: "direct:call"
                      steps:
                        - to: { uri: "llm:call", parameters: { maxTokens: 32, temperature: 0 } }
                - route:
                    from:
                      uri: "direct:stop"
                      steps:
                        - to: { uri: "llm:call", parameters: { maxTokens: 32, temperature: 0, stop: "Lily,park" } }
                - route:
                    from:
                      uri: "direct:grammar"
                      steps:
                        - to: { uri: "llm:call", parameters: { maxTokens: 8, temperature: 0, grammar: 'root ::= "yes" | "no"' } }
                - route:
                    from:
                      uri: "direct:small"
                      steps:
                        - to: { uri: "llm:call", parameters: { maxTokens: -1, temperature: 0, contextSize: 24 } }
                """);
        // the binding itself, to count tokens independently of the component
        direct = new LlamaModel(new ModelParameters()
                .setModel(TestModels.stories().toString())
                .disableLog()
                .skipWarmup());
    }

    @AfterAll
    static void stop() throws Exception {
        routes.close();
        direct.close();
    }

    private Exchange call(String uri, String body, Map<String, Object> headers) throws Exception {
        return routes.template.request(uri, e -> {
            e.getMessage().setBody(body);
            headers.forEach(e.getMessage()::setHeader);
        });
    }

    @Test
    void greedyOutputIsTheModelsContinuation() throws Exception {
        Exchange ex = call("direct:call", "Once upon a time", Map.of());
        assertEquals(null, ex.getException());
        assertEquals(TestModels.ONCE_UPON_A_TIME_32, ex.getMessage().getBody(String.class));
    }

    @Test
    void usageHeadersAreTheRealCounts() throws Exception {
        Exchange ex = call("direct:call", "Once upon a time", Map.of());
        // llama.cpp adds BOS to the prompt; the binding's encode does not
        int promptTokens = direct.encode("Once upon a time").length + 1;
        assertEquals(promptTokens, ex.getMessage().getHeader(LlmConstants.INPUT_TOKENS));
        assertEquals(32, ex.getMessage().getHeader(LlmConstants.OUTPUT_TOKENS));
        int whole = direct.encode("Once upon a time" + TestModels.ONCE_UPON_A_TIME_32).length;
        assertEquals(32, whole - (promptTokens - 1), "prompt + output re-encode to prompt + 32 tokens");
        assertEquals("length", ex.getMessage().getHeader(LlmConstants.FINISH_REASON));
        assertEquals("stories260K", ex.getMessage().getHeader(LlmConstants.MODEL));
        assertEquals("local", ex.getMessage().getHeader(LlmConstants.BACKEND));
        long ttft = ex.getMessage().getHeader(LlmConstants.TIME_TO_FIRST_TOKEN_MS, Long.class);
        long total = ex.getMessage().getHeader(LlmConstants.GENERATION_MS, Long.class);
        assertTrue(ttft >= 0 && ttft <= total, "ttft " + ttft + " <= total " + total);
        assertTrue(ex.getMessage().getHeader(LlmConstants.TOKENS_PER_SECOND, Double.class) > 0);
    }

    @Test
    void headerOverridesEndpointOption() throws Exception {
        Exchange ex = call("direct:call", "Once upon a time", Map.of(LlmConstants.MAX_TOKENS, "8"));
        assertEquals(8, ex.getMessage().getHeader(LlmConstants.OUTPUT_TOKENS));
        assertTrue(TestModels.ONCE_UPON_A_TIME_32.startsWith(ex.getMessage().getBody(String.class)));
    }

    @Test
    void stopStringsEndTheGenerationAndAreNotReturned() throws Exception {
        Exchange ex = call("direct:stop", "Once upon a time", Map.of());
        assertEquals(", there was a little girl named ", ex.getMessage().getBody(String.class));
        assertEquals("stop", ex.getMessage().getHeader(LlmConstants.FINISH_REASON));
    }

    @Test
    void grammarConstrainsTheOutput() throws Exception {
        Exchange ex = call("direct:grammar", "Is the sky blue?", Map.of());
        String body = ex.getMessage().getBody(String.class);
        assertTrue(body.equals("yes") || body.equals("no"), body);
    }

    @Test
    void jsonSchemaConstrainsTheOutputToValidJson() throws Exception {
        String schema = "{\"type\":\"object\",\"properties\":{\"ok\":{\"type\":\"boolean\"}},\"required\":[\"ok\"]}";
        Exchange ex = call(
                "direct:call",
                "Once upon a time",
                Map.of(LlmConstants.JSON_SCHEMA, schema, LlmConstants.MAX_TOKENS, 64));
        assertEquals(null, ex.getException());
        JsonNode node = new ObjectMapper().readTree(ex.getMessage().getBody(String.class));
        assertTrue(node.get("ok").isBoolean(), node.toString());
    }

    @Test
    void jsonOutputCutByTheTokenLimitIsAnErrorNamingThePosition() throws Exception {
        String schema =
                "{\"type\":\"object\",\"properties\":{\"story\":{\"type\":\"string\"}},\"required\":[\"story\"]}";
        Exchange ex = call(
                "direct:call",
                "Once upon a time",
                Map.of(LlmConstants.JSON_SCHEMA, schema, LlmConstants.MAX_TOKENS, 6));
        LlmOutputValidationException e = assertInstanceOf(LlmOutputValidationException.class, ex.getException());
        assertTrue(e.getMessage().contains("not valid JSON at line 1, column"), e.getMessage());
        assertTrue(e.getMessage().contains("raise maxTokens"), e.getMessage());
        assertTrue(e.getOutput().startsWith("{"), e.getOutput());
    }

    @Test
    void unsupportedSchemaOrBadGrammarIsAnErrorNotACrash() throws Exception {
        Exchange bad = call("direct:call", "Once upon a time", Map.of(LlmConstants.GRAMMAR, "root ::= ( unterminated"));
        assertInstanceOf(LlmInvalidRequestException.class, bad.getException());
        assertTrue(
                bad.getException().getMessage().contains("grammar is not valid GBNF at line 1"),
                bad.getException().getMessage());
        Exchange badSchema = call(
                "direct:call",
                "Once upon a time",
                Map.of(LlmConstants.JSON_SCHEMA, "{\"$ref\":\"#/definitions/missing\"}"));
        assertInstanceOf(LlmInvalidRequestException.class, badSchema.getException());
        assertTrue(
                badSchema.getException().getMessage().contains("JSON schema conversion failed"),
                badSchema.getException().getMessage());
        // and the model still works afterwards
        assertEquals(
                TestModels.ONCE_UPON_A_TIME_32,
                call("direct:call", "Once upon a time", Map.of()).getMessage().getBody());
    }

    @Test
    void promptLongerThanTheContextIsRefusedWithCounts() throws Exception {
        Exchange ex = call(
                "direct:small",
                "Once upon a time there was a little girl named Lily who loved to play in the park",
                Map.of());
        LlmContextLengthExceededException e =
                assertInstanceOf(LlmContextLengthExceededException.class, ex.getException());
        assertEquals(24, e.getContextSize());
        assertTrue(
                e.getMessage().startsWith("prompt has " + e.getPromptTokens() + " tokens, context is 24"),
                e.getMessage());
    }

    @Test
    void unlimitedMaxTokensStopsWhenTheContextIsFull() throws Exception {
        Exchange ex = call("direct:small", "Once upon a time", Map.of());
        int in = ex.getMessage().getHeader(LlmConstants.INPUT_TOKENS, Integer.class);
        int out = ex.getMessage().getHeader(LlmConstants.OUTPUT_TOKENS, Integer.class);
        assertEquals(24, in + out);
        assertEquals("length", ex.getMessage().getHeader(LlmConstants.FINISH_REASON));
    }

    @Test
    void issueExampleRouteRunsOnATimer() throws Exception {
        try (YamlRouteTestSupport r = YamlRouteTestSupport.start("""
                - route:
                    from:
                      uri: "timer:hello?repeatCount=1"
                      steps:
                        - setBody: { constant: "Once upon a time" }
                        - to: { uri: "llm:call", parameters: { maxTokens: 32, temperature: 0 } }
                        - log: "${body} (${header.CamelLlmOutputTokens} tokens)"
                        - to: "mock:story"
                """)) {
            MockEndpoint mock = r.context.getEndpoint("mock:story", MockEndpoint.class);
            mock.expectedBodiesReceived(TestModels.ONCE_UPON_A_TIME_32);
            mock.expectedHeaderReceived(LlmConstants.OUTPUT_TOKENS, 32);
            mock.assertIsSatisfied(10_000);
        }
    }

    @Test
    void componentOptionsAreDefaultsThatEndpointsOverride() throws Exception {
        org.apache.camel.impl.DefaultCamelContext ctx = new org.apache.camel.impl.DefaultCamelContext();
        try (ctx) {
            LlmComponent llm = new LlmComponent();
            llm.getConfiguration().setMaxTokens(4);
            llm.getConfiguration().setTemperature(0);
            ctx.getRegistry().bind("llm", llm);
            org.apache.camel.support.PluginHelper.getRoutesLoader(ctx)
                    .loadRoutes(org.apache.camel.support.ResourceHelper.fromString("r.yaml", """
                    - route:
                        from:
                          uri: "direct:component"
                          steps:
                            - to: "llm:call"
                    - route:
                        from:
                          uri: "direct:endpoint"
                          steps:
                            - to: "llm:call?maxTokens=6"
                    """));
            ctx.start();
            var t = ctx.createProducerTemplate();
            Exchange a = t.request("direct:component", e -> e.getMessage().setBody("Once upon a time"));
            Exchange b = t.request("direct:endpoint", e -> e.getMessage().setBody("Once upon a time"));
            assertEquals(4, a.getMessage().getHeader(LlmConstants.OUTPUT_TOKENS));
            assertEquals(6, b.getMessage().getHeader(LlmConstants.OUTPUT_TOKENS));
            assertNotNull(b.getMessage().getBody(String.class));
            assertEquals(
                    4, llm.getConfiguration().getMaxTokens(), "an endpoint never changes the component's defaults");
        }
    }
}
