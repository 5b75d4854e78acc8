package io.github.camelllm.spi;

import java.util.List;

import io.github.camelllm.chat.ChatMessage;

/**
 * A text generation: either a raw {@code prompt} (operation call) or {@code messages} (operation chat), never both.
 *
 * @param chatTemplate      chatTemplate option (a built-in name or Jinja text), or null for the model's own
 * @param timeoutMillis     generation time limit, 0 for none
 * @param queueTimeoutMillis how long to wait for a free slot
 */
public record GenerationRequest(String prompt, List<ChatMessage> messages, String chatTemplate, SamplingOptions sampling,
                                long timeoutMillis, long queueTimeoutMillis) {

    public GenerationRequest {
        if ((prompt == null) == (messages == null)) {
            throw new IllegalArgumentException("a generation request has either a prompt or messages");
        }
        messages = messages == null ? null : List.copyOf(messages);
    }

    public boolean isChat() {
        return messages != null;
    }
}
