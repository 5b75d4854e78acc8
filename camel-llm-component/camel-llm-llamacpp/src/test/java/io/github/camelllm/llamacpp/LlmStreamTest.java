package io.github.camelllm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.camelllm.component.LlmChunkIterator;
import io.github.camelllm.component.LlmConstants;
import io.github.camelllm.spi.LlmChunk;
import io.github.camelllm.spi.LlmQueueTimeoutException;
import io.github.camelllm.spi.LlmTimeoutException;

/**
 * llm:stream with a streaming split in YAML, chunk forwarding with streamTo, and cancellation. Every route shares one
 * model with a single slot and a short queueTimeout, so a generation that was not cancelled would make the next call
 * fail with LlmQueueTimeoutException instead of succeeding at once.
 */
class LlmStreamTest {

    static YamlRouteTestSupport routes;

    @BeforeAll
    static void start() throws Exception {
        routes = YamlRouteTestSupport.start("""
                - route:
                    from:
                      uri: "direct:split"
                      steps:
                        - to: { uri: "llm:stream", parameters: { maxTokens: 32, temperature: 0, parallel: 1, queueTimeout: 2000 } }
                        - split:
                            simple: "${body}"
                            streaming: true
                            steps:
                              - to: "mock:chunks"
                - route:
                    from:
                      uri: "direct:stopEarly"
                      steps:
                        - to: { uri: "llm:stream", parameters: { maxTokens: 500, temperature: 0, parallel: 1, queueTimeout: 2000 } }
                        - split:
                            simple: "${body}"
                            streaming: true
                            stopOnException: true
                            steps:
                              - to: "mock:early"
                              - filter:
                                  simple: "${body.index} == 2"
                                  steps:
                                    - throwException:
                                        exceptionType: "java.lang.IllegalStateException"
                                        message: "consumer gave up"
                - route:
                    from:
                      uri: "direct:raw"
                      steps:
                        - to: { uri: "llm:stream", parameters: { maxTokens: 500, temperature: 0, parallel: 1, queueTimeout: 2000 } }
                - route:
                    from:
                      uri: "direct:slow"
                      steps:
                        - to: { uri: "llm:stream", parameters: { maxTokens: 500, temperature: 0, parallel: 1, queueTimeout: 2000, timeout: 1 } }
                        - split:
                            simple: "${body}"
                            streaming: true
                            steps:
                              - to: "mock:slow"
                - route:
                    from:
                      uri: "direct:call"
                      steps:
                        - to: { uri: "llm:call", parameters: { maxTokens: 32, temperature: 0, parallel: 1, queueTimeout: 2000 } }
                - route:
                    from:
                      uri: "direct:forward"
                      steps:
                        - to: { uri: "llm:stream", parameters: { maxTokens: 32, temperature: 0, parallel: 1, queueTimeout: 2000, streamTo: "seda:tokens" } }
                - route:
                    from:
                      uri: "seda:tokens"
                      steps:
                        - to: "mock:tokens"
                - route:
                    from:
                      uri: "direct:busy"
                      steps:
                        - to: { uri: "llm:call", parameters: { maxTokens: 8, temperature: 0, parallel: 1, queueTimeout: 300 } }
                """);
    }

    @AfterAll
    static void stop() throws Exception {
        routes.close();
    }

    @BeforeEach
    void reset() {
        MockEndpoint.resetMocks(routes.context);
    }

    private Exchange send(String uri, Object body) {
        return routes.template.request(uri, e -> e.getMessage().setBody(body));
    }

    private void assertSlotIsFree() {
        Exchange next = send("direct:call", "Once upon a time");
        assertNull(next.getException(), "the slot was freed: the next call did not wait for it");
        assertEquals(TestModels.ONCE_UPON_A_TIME_32, next.getMessage().getBody());
    }

    @Test
    void streamingSplitGetsChunksThatAddUpToTheCallText() throws Exception {
        Exchange ex = send("direct:split", "Once upon a time");
        assertNull(ex.getException());
        List<LlmChunk> chunks =
                routes.context.getEndpoint("mock:chunks", MockEndpoint.class).getReceivedExchanges().stream()
                        .map(e -> e.getMessage().getBody(LlmChunk.class))
                        .toList();
        assertTrue(chunks.size() >= 2, "streamed in " + chunks.size() + " chunks");
        assertEquals(
                TestModels.ONCE_UPON_A_TIME_32,
                chunks.stream().map(LlmChunk::getText).collect(Collectors.joining()));
        for (int i = 0; i < chunks.size(); i++) {
            assertEquals(i, chunks.get(i).getIndex());
            assertEquals(i == chunks.size() - 1, chunks.get(i).isLast());
        }
        LlmChunk last = chunks.get(chunks.size() - 1);
        assertEquals("length", last.getFinishReason());
        assertEquals(32, last.getOutputTokens());
        assertEquals(5, last.getInputTokens());
        assertNotNull(last.getGenerationMs());
        assertNull(chunks.get(0).getOutputTokens(), "usage only on the last chunk");
    }

    @Test
    void aStreamReadToTheEndIsNotCancelled() {
        Exchange ex = send("direct:split", "Once upon a time");
        assertNull(ex.getException());
        assertFalse(assertInstanceOf(LlmChunkIterator.class, ex.getMessage().getBody())
                .isCancelled());
    }

    @Test
    void streamToForwardsEveryChunkAndReturnsTheFullText() throws Exception {
        MockEndpoint tokens = routes.context.getEndpoint("mock:tokens", MockEndpoint.class);
        Exchange ex = send("direct:forward", "Once upon a time");
        assertNull(ex.getException());
        assertEquals(TestModels.ONCE_UPON_A_TIME_32, ex.getMessage().getBody());
        assertEquals(32, ex.getMessage().getHeader(LlmConstants.OUTPUT_TOKENS));
        tokens.expectedMinimumMessageCount(2);
        tokens.assertIsSatisfied(5000);
        // seda is asynchronous: wait until the last chunk arrived
        long deadline = System.currentTimeMillis() + 5000;
        while (tokens.getReceivedExchanges().stream()
                .noneMatch(e -> Boolean.TRUE.equals(e.getMessage().getHeader(LlmConstants.CHUNK_LAST)))) {
            assertTrue(System.currentTimeMillis() < deadline, "the last chunk reached seda:tokens");
            Thread.sleep(20);
        }
        String joined = tokens.getReceivedExchanges().stream()
                .map(e -> e.getMessage().getBody(LlmChunk.class))
                .sorted(java.util.Comparator.comparingInt(LlmChunk::getIndex))
                .map(LlmChunk::getText)
                .collect(Collectors.joining());
        assertEquals(TestModels.ONCE_UPON_A_TIME_32, joined);
    }

    @Test
    void consumerStoppingEarlyCancelsTheGeneration() {
        long start = System.nanoTime();
        Exchange ex = send("direct:stopEarly", "Once upon a time");
        System.out.println("stopEarly took " + (System.nanoTime() - start) / 1_000_000 + " ms");
        Throwable cause = ex.getException();
        while (cause != null && !(cause instanceof IllegalStateException)) {
            cause = cause.getCause();
        }
        assertNotNull(cause, "the consumer's exception fails the exchange: " + ex.getException());
        assertEquals("consumer gave up", cause.getMessage());
        LlmChunkIterator it =
                assertInstanceOf(LlmChunkIterator.class, ex.getMessage().getBody());
        assertTrue(it.isCancelled(), "the generation was cancelled, not read to its end by the splitter");
        assertEquals(
                3, routes.context.getEndpoint("mock:early", MockEndpoint.class).getReceivedCounter());
        assertSlotIsFree();
    }

    @Test
    void closingTheIteratorCancelsTheGeneration() {
        Exchange ex = send("direct:raw", "Once upon a time");
        assertNull(ex.getException());
        // the exchange is complete: its generation has been cancelled with it
        LlmChunkIterator it =
                assertInstanceOf(LlmChunkIterator.class, ex.getMessage().getBody());
        assertFalse(it.hasNext());
        assertTrue(it.isCancelled());
        assertSlotIsFree();
    }

    @Test
    void aConsumerThatHoldsTheStreamKeepsTheSlotUntilItCloses() throws Exception {
        // the producer used directly (no route): the stream stays open until the caller closes it
        org.apache.camel.Producer producer = routes.context
                .getEndpoint("llm:stream?maxTokens=500&temperature=0&parallel=1&queueTimeout=2000")
                .createProducer();
        producer.start();
        try {
            Exchange ex = routes.context.getEndpoint("direct:raw").createExchange();
            ex.getMessage().setBody("Once upon a time");
            producer.process(ex);
            LlmChunkIterator it = ex.getMessage().getBody(LlmChunkIterator.class);
            assertTrue(it.next().getText().length() > 0);
            assertTrue(it.hasNext());
            Exchange busy = send("direct:busy", "Once upon a time");
            LlmQueueTimeoutException e = assertInstanceOf(LlmQueueTimeoutException.class, busy.getException());
            assertTrue(
                    e.getMessage().contains("all 1 slot(s)") && e.getMessage().contains("300 ms"), e.getMessage());
            it.close();
            assertFalse(it.hasNext());
            assertTrue(it.isCancelled());
            assertSlotIsFree();
        } finally {
            producer.stop();
        }
    }

    @Test
    void timeoutCancelsTheGenerationAndFailsTheExchange() {
        Exchange ex = send("direct:slow", "Once upon a time");
        LlmTimeoutException e = assertInstanceOf(LlmTimeoutException.class, ex.getException());
        assertTrue(e.getMessage().contains("exceeded the timeout of 1 ms"), e.getMessage());
        assertSlotIsFree();
    }

    @Test
    void nextAfterTheEndFails() {
        Exchange ex = send("direct:raw", "Once upon a time");
        Iterator<?> it = (Iterator<?>) ex.getMessage().getBody();
        assertThrows(RuntimeException.class, it::next);
    }
}
