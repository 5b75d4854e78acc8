package io.github.camelllm.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.camelllm.spi.LlmOperation;

class LlmOperationTest {

    private CamelContext context;

    @BeforeEach
    void createContext() {
        context = new DefaultCamelContext();
    }

    @AfterEach
    void stopContext() {
        context.stop();
    }

    @Test
    void parsesValidOperations() {
        assertEquals(LlmOperation.call, LlmOperation.parse("call"));
        assertEquals(LlmOperation.chat, LlmOperation.parse("chat"));
        assertEquals(LlmOperation.embed, LlmOperation.parse("embed"));
        assertEquals(LlmOperation.stream, LlmOperation.parse("stream"));
        assertEquals(LlmOperation.chat, LlmOperation.parse(" Chat "));
    }

    @Test
    void unknownOperationListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LlmOperation.parse("complete"));
        assertEquals(
                "unknown llm operation 'complete': expected one of call, chat, embed, stream, models", e.getMessage());
    }

    @Test
    void missingOperation() {
        for (String blank : new String[] {null, "", "  "}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LlmOperation.parse(blank));
            assertTrue(e.getMessage().contains("needs an operation"), e.getMessage());
            assertTrue(e.getMessage().contains("llm:call"), e.getMessage());
        }
    }

    @Test
    void unknownOperationInUri() {
        ResolveEndpointFailedException e =
                assertThrows(ResolveEndpointFailedException.class, () -> context.getEndpoint("llm:foo"));
        assertTrue(e.getMessage().contains("unknown llm operation 'foo'"), e.getMessage());
        assertTrue(e.getMessage().contains("call, chat, embed, stream"), e.getMessage());
    }

    @Test
    void unknownParameterInUri() {
        ResolveEndpointFailedException e =
                assertThrows(ResolveEndpointFailedException.class, () -> context.getEndpoint("llm:call?foo=bar"));
        assertTrue(e.getMessage().contains("foo"), e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains("unknown parameter"), e.getMessage());
    }

    @Test
    void wrongOptionTypeInUri() {
        ResolveEndpointFailedException e = assertThrows(
                ResolveEndpointFailedException.class, () -> context.getEndpoint("llm:call?maxTokens=many"));
        assertTrue(e.getMessage().contains("maxTokens"), e.getMessage());
    }

    @Test
    void endpointIsProducerOnly() {
        LlmEndpoint endpoint = context.getEndpoint("llm:call", LlmEndpoint.class);
        UnsupportedOperationException e =
                assertThrows(UnsupportedOperationException.class, () -> endpoint.createConsumer(exchange -> {}));
        assertTrue(e.getMessage().contains("only sends"), e.getMessage());
    }
}
