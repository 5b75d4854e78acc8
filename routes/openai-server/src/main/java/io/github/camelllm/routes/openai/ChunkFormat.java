package io.github.camelllm.routes.openai;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.camelllm.spi.LlmChunk;

/**
 * The JSON of the events of a streamed chat ({@code chat.completion.chunk} with a {@code delta}) or text completion
 * ({@code text_completion} with a {@code text}): one id and created time for the whole stream, usage and timings on
 * the last event, and an OpenAI error object when the generation fails after the response started.
 */
final class ChunkFormat implements SseEventStream.Format {

    private final String id;
    private final long created = System.currentTimeMillis() / 1000;
    private final String object;
    private final String model;
    private final boolean chat;

    ChunkFormat(String idPrefix, String object, String model, boolean chat) {
        this.id = ResponseEnvelope.newId(idPrefix);
        this.object = object;
        this.model = model;
        this.chat = chat;
    }

    /** The events of a streamed chat completion. */
    static ChunkFormat chat(String model) {
        return new ChunkFormat("chatcmpl-", "chat.completion.chunk", model, true);
    }

    /** The events of a streamed text completion. */
    static ChunkFormat completion(String model) {
        return new ChunkFormat("cmpl-", "text_completion", model, false);
    }

    @Override
    public List<String> events(LlmChunk chunk) {
        List<String> events = new ArrayList<>(2);
        if (!chunk.getText().isEmpty()) {
            events.add(event(chunk.getText(), null).toString());
        }
        if (chunk.isLast()) {
            ObjectNode last = event(null, chunk.getFinishReason() == null ? "stop" : chunk.getFinishReason());
            ResponseEnvelope.usageAndTimings(
                    last,
                    chunk.getInputTokens(),
                    chunk.getOutputTokens(),
                    chunk.getTimeToFirstTokenMs(),
                    chunk.getGenerationMs());
            events.add(last.toString());
        }
        return events;
    }

    private ObjectNode event(String text, String finishReason) {
        ObjectNode choice = JsonResponses.object();
        if (chat) {
            choice.put("finish_reason", finishReason).put("index", 0);
            ObjectNode delta = choice.putObject("delta");
            if (text != null) {
                delta.put("content", text);
            }
        } else {
            choice.put("text", text == null ? "" : text)
                    .put("index", 0)
                    .putNull("logprobs")
                    .put("finish_reason", finishReason);
        }
        return ResponseEnvelope.envelope(id, created, object, model, choice);
    }

    @Override
    public String error(Exception e) {
        return ErrorResponses.body(ErrorInfo.of(e)).toString();
    }
}
