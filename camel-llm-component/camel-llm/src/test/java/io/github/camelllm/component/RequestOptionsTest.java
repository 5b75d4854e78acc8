package io.github.camelllm.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.camelllm.spi.LlmInvalidRequestException;

/** Option precedence (header over endpoint over component) and the range checks of {@link RequestOptions}. */
class RequestOptionsTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private CamelContext context;

    @BeforeEach
    void createContext() {
        context = new DefaultCamelContext();
    }

    @AfterEach
    void stopContext() {
        context.stop();
    }

    private LlmEndpoint endpoint(String uri) {
        return context.getEndpoint(uri, LlmEndpoint.class);
    }

    private RequestOptions resolve(LlmEndpoint endpoint, Map<String, Object> headers) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeaders(new java.util.HashMap<>(headers));
        exchange.getMessage().setBody("hello");
        return RequestOptions.resolve(exchange, endpoint.getConfiguration(), mapper);
    }

    private LlmInvalidRequestException invalid(String uri, Map<String, Object> headers) {
        LlmEndpoint endpoint = endpoint(uri);
        return assertThrows(LlmInvalidRequestException.class, () -> resolve(endpoint, headers));
    }

    // --- precedence ---

    @Test
    void defaultsWhenNothingIsSet() {
        RequestOptions o = resolve(endpoint("llm:call"), Map.of());
        assertEquals(256, o.sampling.maxTokens());
        assertEquals(0.8f, o.sampling.temperature());
        assertEquals(0.95f, o.sampling.topP());
        assertEquals(40, o.sampling.topK());
        assertEquals(0.05f, o.sampling.minP());
        assertEquals(1.0f, o.sampling.repeatPenalty());
        assertNull(o.sampling.seed());
        assertEquals(List.of(), o.sampling.stop());
        assertNull(o.sampling.jsonSchema());
        assertNull(o.sampling.grammar());
        assertNull(o.systemMessage);
        assertNull(o.chatTemplate);
        assertTrue(o.normalize);
        assertEquals(300_000L, o.timeoutMillis);
        assertEquals(30_000L, o.queueTimeoutMillis);
    }

    @Test
    void headerOverEndpointOverComponent() {
        LlmConfiguration componentConfig =
                context.getComponent("llm", LlmComponent.class).getConfiguration();
        componentConfig.setMaxTokens(11);
        componentConfig.setTemperature(0.3f);
        componentConfig.setTopK(5);
        componentConfig.setStop("END");
        componentConfig.setSystemMessage("be brief");
        componentConfig.setTimeout(1234);

        LlmEndpoint endpoint = endpoint("llm:chat?maxTokens=22&temperature=0.6&seed=9");

        // endpoint: own options over the component's, component's for the rest
        RequestOptions o = resolve(endpoint, Map.of());
        assertEquals(22, o.sampling.maxTokens());
        assertEquals(0.6f, o.sampling.temperature());
        assertEquals(9, o.sampling.seed());
        assertEquals(5, o.sampling.topK());
        assertEquals(List.of("END"), o.sampling.stop());
        assertEquals("be brief", o.systemMessage);
        assertEquals(1234L, o.timeoutMillis);

        // headers over both; numbers given as Strings are converted
        RequestOptions h = resolve(
                endpoint,
                Map.of(
                        LlmConstants.MAX_TOKENS, "33",
                        LlmConstants.TEMPERATURE, "0.9",
                        LlmConstants.STOP, "x,y",
                        LlmConstants.TOP_K, 7,
                        LlmConstants.SEED, "123",
                        LlmConstants.SYSTEM_MESSAGE, "be verbose",
                        LlmConstants.TIMEOUT, "99",
                        LlmConstants.QUEUE_TIMEOUT, 5L,
                        LlmConstants.NORMALIZE, "false"));
        assertEquals(33, h.sampling.maxTokens());
        assertEquals(0.9f, h.sampling.temperature());
        assertEquals(List.of("x", "y"), h.sampling.stop());
        assertEquals(7, h.sampling.topK());
        assertEquals(123, h.sampling.seed());
        assertEquals("be verbose", h.systemMessage);
        assertEquals(99L, h.timeoutMillis);
        assertEquals(5L, h.queueTimeoutMillis);
        assertFalse(h.normalize);

        // a header only affects its exchange
        RequestOptions again = resolve(endpoint, Map.of());
        assertEquals(22, again.sampling.maxTokens());
        assertEquals(List.of("END"), again.sampling.stop());
    }

    @Test
    void endpointOptionsDoNotLeakIntoComponentOrOtherEndpoints() {
        LlmComponent component = context.getComponent("llm", LlmComponent.class);
        component.getConfiguration().setMaxTokens(11);

        LlmEndpoint first = endpoint("llm:call?maxTokens=50&stop=a,b&topK=3");
        LlmEndpoint second = endpoint("llm:chat?temperature=0.1");

        assertEquals(11, component.getConfiguration().getMaxTokens(), "endpoint changed the component's maxTokens");
        assertNull(component.getConfiguration().getStop(), "endpoint changed the component's stop");
        assertEquals(40, component.getConfiguration().getTopK(), "endpoint changed the component's topK");
        assertEquals(0.8f, component.getConfiguration().getTemperature());

        assertEquals(50, first.getConfiguration().getMaxTokens());
        assertEquals(0.8f, first.getConfiguration().getTemperature(), "second endpoint's option leaked into the first");
        assertEquals(11, second.getConfiguration().getMaxTokens(), "first endpoint's option leaked into the second");
        assertNull(second.getConfiguration().getStop());
        assertEquals(40, second.getConfiguration().getTopK());
        assertEquals(0.1f, second.getConfiguration().getTemperature());

        // separate objects: changing one endpoint's configuration later changes nothing else
        first.getConfiguration().setSystemMessage("only first");
        assertNull(second.getConfiguration().getSystemMessage());
        assertNull(component.getConfiguration().getSystemMessage());
    }

    @Test
    void stopStringsAreSplitOnCommas() {
        assertEquals(List.of("a", "b"), RequestOptions.splitStop("a,b"));
        assertEquals(List.of("a", "b"), RequestOptions.splitStop("a,,b,"));
        assertEquals(List.of(), RequestOptions.splitStop(""));
        assertEquals(List.of(), RequestOptions.splitStop(null));
        assertEquals(List.of("\n\n", "###"), RequestOptions.splitStop("\n\n,###"));
    }

    @Test
    void seedMinusOneMeansRandom() {
        assertNull(resolve(endpoint("llm:call?seed=-1"), Map.of()).sampling.seed());
        assertEquals(0, resolve(endpoint("llm:call?seed=0"), Map.of()).sampling.seed());
    }

    @Test
    void blankSchemaAndGrammarAreIgnored() {
        RequestOptions o =
                resolve(endpoint("llm:call"), Map.of(LlmConstants.JSON_SCHEMA, "  ", LlmConstants.GRAMMAR, ""));
        assertNull(o.sampling.jsonSchema());
        assertNull(o.sampling.grammar());
    }

    @Test
    void validBoundaries() {
        RequestOptions o = resolve(
                endpoint("llm:call?maxTokens=-1&temperature=0&topP=1&minP=0&topK=0&timeout=0&queueTimeout=0"),
                Map.of());
        assertEquals(-1, o.sampling.maxTokens());
        assertEquals(0f, o.sampling.temperature());
        assertEquals(0L, o.timeoutMillis);
        RequestOptions schema =
                resolve(endpoint("llm:call"), Map.of(LlmConstants.JSON_SCHEMA, "{\"type\":\"object\"}"));
        assertEquals("{\"type\":\"object\"}", schema.sampling.jsonSchema());
    }

    // --- validation ---

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "maxTokens, 0",
        "maxTokens, -2",
        "maxTokens, 2000000",
        "temperature, -1",
        "temperature, 101",
        "topP, 1.5",
        "topP, -0.1",
        "minP, -0.1",
        "minP, 1.1",
        "repeatPenalty, 0",
        "repeatPenalty, -1",
        "topK, -1",
        "seed, -5",
        "timeout, -1",
        "queueTimeout, -1"
    })
    void endpointOptionOutOfRange(String option, String value) {
        LlmInvalidRequestException e = invalid("llm:call?" + option + "=" + value, Map.of());
        assertTrue(e.getMessage().contains("option " + option + "="), e.getMessage());
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "CamelLlmMaxTokens, 0, maxTokens",
        "CamelLlmTemperature, -1, temperature",
        "CamelLlmTopP, 1.5, topP",
        "CamelLlmMinP, -0.1, minP",
        "CamelLlmRepeatPenalty, 0, repeatPenalty",
        "CamelLlmTopK, -1, topK",
        "CamelLlmSeed, -5, seed",
        "CamelLlmTimeout, -1, timeout",
        "CamelLlmQueueTimeout, -1, queueTimeout"
    })
    void headerOutOfRange(String header, String value, String option) {
        LlmInvalidRequestException e = invalid("llm:call", Map.of(header, value));
        assertTrue(e.getMessage().contains("option " + option + "="), e.getMessage());
    }

    @Test
    void componentOptionOutOfRangeIsReportedToo() {
        context.getComponent("llm", LlmComponent.class).getConfiguration().setTopK(-3);
        LlmInvalidRequestException e = invalid("llm:call", Map.of());
        assertTrue(e.getMessage().contains("option topK=-3"), e.getMessage());
    }

    @Test
    void headerThatIsNotANumber() {
        LlmInvalidRequestException e = invalid("llm:call", Map.of(LlmConstants.MAX_TOKENS, "abc"));
        assertEquals("header CamelLlmMaxTokens has value 'abc' that is not a valid Integer", e.getMessage());
        LlmInvalidRequestException t = invalid("llm:call", Map.of(LlmConstants.TEMPERATURE, "warm"));
        assertTrue(t.getMessage().contains("header CamelLlmTemperature has value 'warm'"), t.getMessage());
        assertTrue(t.getMessage().contains("Float"), t.getMessage());
    }

    @Test
    void headerThatIsNotABoolean() {
        LlmInvalidRequestException e = invalid("llm:embed", Map.of(LlmConstants.NORMALIZE, "maybe"));
        assertTrue(e.getMessage().contains("header CamelLlmNormalize has value 'maybe'"), e.getMessage());
    }

    @Test
    void fractionalMaxTokensHeaderIsRejected() {
        LlmInvalidRequestException e = invalid("llm:call", Map.of(LlmConstants.MAX_TOKENS, "1.5"));
        assertTrue(e.getMessage().contains("header CamelLlmMaxTokens has value '1.5'"), e.getMessage());
    }

    @Test
    void jsonSchemaThatIsNotJson() {
        LlmInvalidRequestException e =
                invalid("llm:call", Map.of(LlmConstants.JSON_SCHEMA, "{\n  \"type\": object\n}"));
        assertTrue(e.getMessage().startsWith("jsonSchema is not valid JSON"), e.getMessage());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertTrue(e.getMessage().matches("(?s).*column \\d+.*"), e.getMessage());
    }

    @Test
    void jsonSchemaThatIsAnArray() {
        LlmInvalidRequestException e = invalid("llm:call", Map.of(LlmConstants.JSON_SCHEMA, "[{\"type\":\"object\"}]"));
        assertTrue(e.getMessage().contains("jsonSchema must be a JSON object"), e.getMessage());
        assertTrue(e.getMessage().contains("[{\"type\":\"object\"}]"), e.getMessage());
    }

    @Test
    void jsonSchemaThatIsAScalar() {
        LlmInvalidRequestException e = invalid("llm:call", Map.of(LlmConstants.JSON_SCHEMA, "42"));
        assertTrue(e.getMessage().contains("jsonSchema must be a JSON object"), e.getMessage());
    }

    @Test
    void jsonSchemaAndGrammarTogether() {
        LlmInvalidRequestException e = invalid(
                "llm:call",
                Map.of(LlmConstants.JSON_SCHEMA, "{\"type\":\"object\"}", LlmConstants.GRAMMAR, "root ::= \"a\""));
        assertTrue(e.getMessage().contains("jsonSchema") && e.getMessage().contains("grammar"), e.getMessage());
    }
}
