package io.github.camelllm.component;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.camelllm.spi.LlmChunk;
import io.github.camelllm.spi.LlmException;
import io.github.camelllm.spi.LlmOutputValidationException;

class LlmChunkAndOutputValidatorTest {

    private static final String SCHEMA = "{\"type\":\"object\"}";
    private final ObjectMapper mapper = new ObjectMapper();

    private static LlmChunk last(String finishReason, Integer outputTokens, Long ttft, Long total) {
        return new LlmChunk("", 3, true, finishReason, 10, outputTokens, ttft, total);
    }

    // --- LlmChunk ---

    @Test
    void tokensPerSecondExcludesTheFirstToken() {
        // 11 tokens, first after 200 ms, done after 1200 ms: 10 tokens in 1000 ms
        assertEquals(10.0, last("stop", 11, 200L, 1200L).getTokensPerSecond(), 1e-9);
        // 5 tokens, first after 100 ms, done after 500 ms: 4 tokens in 400 ms
        assertEquals(10.0, last("stop", 5, 100L, 500L).getTokensPerSecond(), 1e-9);
        assertEquals(3.0, last("stop", 4, 0L, 1000L).getTokensPerSecond(), 1e-9);
    }

    @Test
    void tokensPerSecondWithOneTokenUsesTheWholeTime() {
        assertEquals(4.0, last("stop", 1, 250L, 250L).getTokensPerSecond(), 1e-9);
        assertEquals(2.0, last("stop", 1, 100L, 500L).getTokensPerSecond(), 1e-9);
    }

    @Test
    void tokensPerSecondWithoutTimeToFirstToken() {
        // unknown ttft: the whole generation time counts as decoding
        assertEquals(9.0, last("stop", 10, null, 1000L).getTokensPerSecond(), 1e-9);
    }

    @Test
    void tokensPerSecondWithNoDecodeTime() {
        // all tokens arrived together with the first one: fall back to the whole time
        assertEquals(30.0, last("stop", 3, 100L, 100L).getTokensPerSecond(), 1e-9);
    }

    @Test
    void tokensPerSecondIsNullWhenNotMeasurable() {
        assertNull(LlmChunk.delta("a", 0).getTokensPerSecond());
        assertNull(last("stop", 0, 10L, 100L).getTokensPerSecond());
        assertNull(last("stop", null, 10L, 100L).getTokensPerSecond());
        assertNull(last("stop", 5, 10L, null).getTokensPerSecond());
        assertNull(last("stop", 5, 0L, 0L).getTokensPerSecond());
    }

    @Test
    void deltaChunk() {
        LlmChunk c = LlmChunk.delta("hel", 2);
        assertEquals("hel", c.getText());
        assertEquals("hel", c.toString());
        assertEquals(2, c.getIndex());
        assertFalse(c.isLast());
        assertNull(c.getFinishReason());
        assertNull(c.getInputTokens());
        assertNull(c.getOutputTokens());
        assertNull(c.getGenerationMs());
        assertEquals("", LlmChunk.delta(null, 0).getText());
    }

    @Test
    void lastChunkAccessors() {
        LlmChunk c = new LlmChunk("!", 7, true, "length", 12, 34, 56L, 78L);
        assertTrue(c.isLast());
        assertEquals("length", c.getFinishReason());
        assertEquals(12, c.getInputTokens());
        assertEquals(34, c.getOutputTokens());
        assertEquals(56L, c.getTimeToFirstTokenMs());
        assertEquals(78L, c.getGenerationMs());
    }

    // --- OutputValidator ---

    private LlmOutputValidationException invalid(String output, LlmChunk last) {
        return assertThrows(
                LlmOutputValidationException.class, () -> OutputValidator.check(SCHEMA, output, last, mapper));
    }

    @Test
    void validJsonPasses() {
        LlmChunk stop = last("stop", 5, 1L, 2L);
        assertDoesNotThrow(() -> OutputValidator.check(SCHEMA, "{\"a\": [1, 2, {\"b\": null}]}", stop, mapper));
        assertDoesNotThrow(() -> OutputValidator.check(SCHEMA, "  {\"a\":1}\n\n", stop, mapper));
    }

    @Test
    void noSchemaNoCheck() {
        assertDoesNotThrow(() -> OutputValidator.check(null, "not json at all", last("stop", 5, 1L, 2L), mapper));
        assertDoesNotThrow(() -> OutputValidator.check(null, "", last("length", 5, 1L, 2L), mapper));
    }

    @Test
    void invalidJsonNamesLineAndColumn() {
        String output = "{\n  \"a\": 1,\n  \"b\": tru\n}";
        LlmOutputValidationException e = invalid(output, last("stop", 9, 1L, 2L));
        assertTrue(
                e.getMessage().startsWith("output under jsonSchema is not valid JSON at line 3, column "),
                e.getMessage());
        assertFalse(e.getMessage().contains("raise maxTokens"), e.getMessage());
        assertEquals(output, e.getOutput());
    }

    @Test
    void truncatedJsonWithLengthFinishGetsTheHint() {
        String output = "{\"name\": \"Ali";
        LlmOutputValidationException e = invalid(output, last("length", 16, 1L, 2L));
        assertTrue(e.getMessage().contains("not valid JSON at line 1, column "), e.getMessage());
        assertTrue(e.getMessage().contains("after 16 tokens: raise maxTokens"), e.getMessage());
        assertEquals(output, e.getOutput());
    }

    @Test
    void trailingTextAfterTheValue() {
        LlmOutputValidationException e = invalid("{\"a\":1}\n{\"b\":2}", last("stop", 9, 1L, 2L));
        assertTrue(e.getMessage().contains("has text after the JSON value at line 2, column "), e.getMessage());
        assertFalse(e.getMessage().contains("raise maxTokens"), e.getMessage());
    }

    @Test
    void trailingNonJsonTextAfterTheValue() {
        LlmOutputValidationException e = invalid("{\"a\":1} and that's it", last("stop", 9, 1L, 2L));
        // either reported as trailing text or as invalid JSON; it must name the position
        assertTrue(e.getMessage().contains("line 1, column"), e.getMessage());
        assertTrue(e.getMessage().contains("output under jsonSchema"), e.getMessage());
    }

    @Test
    void emptyOutput() {
        LlmOutputValidationException e = invalid("", last("stop", 0, 1L, 2L));
        assertEquals("output under jsonSchema is empty", e.getMessage());
        LlmOutputValidationException blank = invalid("   \n", last("length", 0, 1L, 2L));
        assertTrue(blank.getMessage().startsWith("output under jsonSchema is empty"), blank.getMessage());
        assertTrue(blank.getMessage().contains("raise maxTokens"), blank.getMessage());
    }

    @Test
    void exceptionHierarchy() {
        LlmOutputValidationException e = invalid("x", last("stop", 1, 1L, 2L));
        assertTrue(e instanceof LlmException);
    }
}
