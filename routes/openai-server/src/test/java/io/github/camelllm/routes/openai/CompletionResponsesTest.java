package io.github.camelllm.routes.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.InputStream;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.camelllm.component.LlmConstants;
import io.github.camelllm.spi.LlmChunk;

/** The chat.completion and text_completion objects after llm:chat / llm:call, and the event streams after llm:stream. */
class CompletionResponsesTest {

    @RegisterExtension
    static final TestExchanges EXCHANGES = new TestExchanges();

    private final CompletionResponses responses = new CompletionResponses();

    @Test
    void chatCompletionWithUsageAndTimings() {
        Exchange e = EXCHANGES.exchange("Hello \"you\"");
        e.setProperty(OpenAiProperties.MODEL_NAME, "stories");
        e.getMessage().setHeader(LlmConstants.FINISH_REASON, "length");
        e.getMessage().setHeader(LlmConstants.INPUT_TOKENS, 5);
        e.getMessage().setHeader(LlmConstants.OUTPUT_TOKENS, 8);
        e.getMessage().setHeader(LlmConstants.TIME_TO_FIRST_TOKEN_MS, 10L);
        e.getMessage().setHeader(LlmConstants.GENERATION_MS, 50L);
        responses.chat(e);
        assertEquals(200, e.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals("application/json; charset=utf-8", e.getMessage().getHeader(Exchange.CONTENT_TYPE));
        assertEquals(
                "{\"choices\":[{\"finish_reason\":\"length\",\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"Hello \\\"you\\\"\"}}],"
                        + "\"created\":0,\"id\":\"chatcmpl-ID\",\"model\":\"stories\",\"system_fingerprint\":\"camel-llm\","
                        + "\"object\":\"chat.completion\","
                        + "\"usage\":{\"completion_tokens\":8,\"prompt_tokens\":5,\"total_tokens\":13},"
                        + "\"timings\":{\"prompt_n\":5,\"prompt_ms\":10.0,\"prompt_per_token_ms\":2.0,\"prompt_per_second\":500.0,"
                        + "\"predicted_n\":8,\"predicted_ms\":40.0,\"predicted_per_token_ms\":5.0,\"predicted_per_second\":200.0}}",
                TestExchanges.withoutIdAndTime(e.getMessage().getBody(String.class)));
    }

    @Test
    void textCompletionWithoutTimings() {
        Exchange e = EXCHANGES.exchange(" upon a time");
        // no model name property: the model header of the llm component, as for a user-defined route
        e.getMessage().setHeader(LlmConstants.MODEL, "from-header");
        e.getMessage().setHeader(LlmConstants.INPUT_TOKENS, -1);
        responses.completion(e);
        assertEquals(
                "{\"choices\":[{\"text\":\" upon a time\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                        + "\"created\":0,\"id\":\"cmpl-ID\",\"model\":\"from-header\",\"system_fingerprint\":\"camel-llm\","
                        + "\"object\":\"text_completion\","
                        + "\"usage\":{\"completion_tokens\":0,\"prompt_tokens\":0,\"total_tokens\":0}}",
                TestExchanges.withoutIdAndTime(e.getMessage().getBody(String.class)));
    }

    @Test
    void chatStreamIsAnEventStreamWithOneIdForAllEvents() throws Exception {
        List<LlmChunk> chunks =
                List.of(LlmChunk.delta("Once", 0), new LlmChunk(" upon", 1, true, "length", 4, 2, 1L, 3L));
        Exchange e = EXCHANGES.exchange(chunks.iterator());
        e.setProperty(OpenAiProperties.MODEL_NAME, "m");
        e.setProperty(OpenAiProperties.SSE_PADDING, "never");
        e.getMessage().setHeader(LlmConstants.INPUT_TOKENS, 4);
        responses.chatStream(e);
        assertEquals(200, e.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals("text/event-stream", e.getMessage().getHeader(Exchange.CONTENT_TYPE));
        assertEquals("no-cache", e.getMessage().getHeader("Cache-Control"));
        assertNull(e.getMessage().getHeader(LlmConstants.INPUT_TOKENS));
        String sse = TestExchanges.drain(
                assertInstanceOf(InputStream.class, e.getMessage().getBody()));
        String envelope = "\"created\":0,\"id\":\"chatcmpl-ID\",\"model\":\"m\",\"system_fingerprint\":\"camel-llm\","
                + "\"object\":\"chat.completion.chunk\"";
        assertEquals(
                "data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"content\":\"Once\"}}]," + envelope
                        + "}\n\n"
                        + "data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"content\":\" upon\"}}],"
                        + envelope + "}\n\n"
                        + "data: {\"choices\":[{\"finish_reason\":\"length\",\"index\":0,\"delta\":{}}]," + envelope
                        + ","
                        + "\"usage\":{\"completion_tokens\":2,\"prompt_tokens\":4,\"total_tokens\":6},"
                        + "\"timings\":{\"prompt_n\":4,\"prompt_ms\":1.0,\"prompt_per_token_ms\":0.25,\"prompt_per_second\":4000.0,"
                        + "\"predicted_n\":2,\"predicted_ms\":2.0,\"predicted_per_token_ms\":1.0,\"predicted_per_second\":1000.0}}\n\n"
                        + "data: [DONE]\n\n",
                TestExchanges.withoutIdAndTime(sse));
        Matcher ids = Pattern.compile("\"id\":\"(chatcmpl-\\w{32})\"").matcher(sse);
        ids.find();
        String id = ids.group(1);
        while (ids.find()) {
            assertEquals(id, ids.group(1));
        }
    }

    @Test
    void completionStreamEvents() throws Exception {
        Exchange e = EXCHANGES.exchange(List.of(new LlmChunk("Once", 0, true, null, null, null, null, null))
                .iterator());
        e.setProperty(OpenAiProperties.MODEL_NAME, "m");
        responses.completionStream(e);
        String envelope = "\"created\":0,\"id\":\"cmpl-ID\",\"model\":\"m\",\"system_fingerprint\":\"camel-llm\","
                + "\"object\":\"text_completion\"";
        assertEquals(
                "data: {\"choices\":[{\"text\":\"Once\",\"index\":0,\"logprobs\":null,\"finish_reason\":null}],"
                        + envelope + "}\n\n"
                        + "data: {\"choices\":[{\"text\":\"\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                        + envelope + ","
                        + "\"usage\":{\"completion_tokens\":0,\"prompt_tokens\":0,\"total_tokens\":0}}\n\n"
                        + "data: [DONE]\n\n",
                TestExchanges.withoutIdAndTime(
                        TestExchanges.drain(e.getMessage().getBody(InputStream.class))));
    }
}
