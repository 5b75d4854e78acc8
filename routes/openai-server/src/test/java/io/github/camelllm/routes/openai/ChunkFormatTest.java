package io.github.camelllm.routes.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.camelllm.spi.LlmChunk;
import io.github.camelllm.spi.LlmContextLengthExceededException;
import io.github.camelllm.spi.LlmTimeoutException;

/** The JSON of each streamed event, without the SSE framing. */
class ChunkFormatTest {

    private static List<String> stable(List<String> events) {
        return events.stream().map(TestExchanges::withoutIdAndTime).toList();
    }

    @Test
    void chatDeltas() {
        ChunkFormat format = ChunkFormat.chat("stories");
        String envelope =
                "\"created\":0,\"id\":\"chatcmpl-ID\",\"model\":\"stories\",\"system_fingerprint\":\"camel-llm\","
                        + "\"object\":\"chat.completion.chunk\"";
        // non-ASCII text as it is, control characters escaped
        assertEquals(
                List.of(
                        "{\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"content\":\"Lily \u00e9\\n\"}}],"
                                + envelope + "}"),
                stable(format.events(LlmChunk.delta("Lily \u00e9\n", 3))));
        assertTrue(format.events(LlmChunk.delta("", 4)).isEmpty(), "no event for an empty delta");
        assertEquals(
                List.of(
                        "{\"choices\":[{\"finish_reason\":\"stop\",\"index\":0,\"delta\":{}}]," + envelope + ","
                                + "\"usage\":{\"completion_tokens\":0,\"prompt_tokens\":7,\"total_tokens\":7},"
                                + "\"timings\":{\"prompt_n\":7,\"prompt_ms\":0.0,\"prompt_per_token_ms\":0.0,\"prompt_per_second\":0.0,"
                                + "\"predicted_n\":0,\"predicted_ms\":0.0,\"predicted_per_token_ms\":0.0,\"predicted_per_second\":0.0}}"),
                stable(format.events(new LlmChunk("", 5, true, null, 7, null, 0L, 0L))));
    }

    @Test
    void textCompletionLastChunkWithTextIsTwoEvents() {
        ChunkFormat format = ChunkFormat.completion("m");
        String envelope = "\"created\":0,\"id\":\"cmpl-ID\",\"model\":\"m\",\"system_fingerprint\":\"camel-llm\","
                + "\"object\":\"text_completion\"";
        assertEquals(
                List.of(
                        "{\"choices\":[{\"text\":\" end\",\"index\":0,\"logprobs\":null,\"finish_reason\":null}],"
                                + envelope + "}",
                        "{\"choices\":[{\"text\":\"\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"length\"}],"
                                + envelope + ","
                                + "\"usage\":{\"completion_tokens\":3,\"prompt_tokens\":2,\"total_tokens\":5}}"),
                stable(format.events(new LlmChunk(" end", 2, true, "length", 2, 3, null, 9L))));
    }

    @Test
    void errorsAreOpenAiErrorObjects() {
        assertEquals(
                "{\"error\":{\"code\":504,\"message\":\"generation timed out\",\"type\":\"timeout_error\"}}",
                ChunkFormat.chat("m").error(new LlmTimeoutException("generation timed out")));
        assertEquals(
                "{\"error\":{\"code\":400,\"message\":\"prompt has 9 tokens, context is 8\",\"type\":\"invalid_request_error\"}}",
                ChunkFormat.completion("m").error(new LlmContextLengthExceededException(9, 8, null)));
    }
}
