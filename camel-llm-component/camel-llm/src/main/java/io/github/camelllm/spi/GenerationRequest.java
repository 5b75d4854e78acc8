package io.github.camelllm.spi;

import java.util.List;

/**
 * A text generation: either a raw {@code prompt} (operation call) or {@code messages} (operation chat), never both.
 *
 * @param chatTemplate      chatTemplate option (a built-in name or Jinja text), or null for the model's own
 * @param timeoutMillis     generation time limit, 0 for none
 * @param queueTimeoutMillis how long to wait for a free slot
 * @param detached          true when the chunks go to user code that may stop reading (llm:stream's iterator): the
 *                          backend must then enforce the timeout on its own, not only while chunks are read
 */
public record GenerationRequest(
        String prompt,
        List<ChatMessage> messages,
        String chatTemplate,
        SamplingOptions sampling,
        long timeoutMillis,
        long queueTimeoutMillis,
        boolean detached) {

    /** A request whose chunks are read to the end by the caller. */
    public GenerationRequest(
            String prompt,
            List<ChatMessage> messages,
            String chatTemplate,
            SamplingOptions sampling,
            long timeoutMillis,
            long queueTimeoutMillis) {
        this(prompt, messages, chatTemplate, sampling, timeoutMillis, queueTimeoutMillis, false);
    }

    public GenerationRequest {
        if ((prompt == null) == (messages == null)) {
            throw new IllegalArgumentException("a generation request has either a prompt or messages");
        }
        messages = messages == null ? null : List.copyOf(messages);
    }

    /** The same request, marked as read by user code. */
    public GenerationRequest asDetached() {
        return new GenerationRequest(prompt, messages, chatTemplate, sampling, timeoutMillis, queueTimeoutMillis, true);
    }

    public boolean isChat() {
        return messages != null;
    }
}
