package io.github.camelllm.chat;

import java.util.List;

public final class ChatTemplate {
    private final String name;
    private ChatTemplate(String name) { this.name = name; }
    public static ChatTemplate resolve(String option, String modelTemplate, String modelName) {
        if (option == null && modelTemplate == null) throw new IllegalArgumentException("model '" + modelName + "' has no chat template");
        return new ChatTemplate(option != null ? option : "model");
    }
    public String name() { return name; }
    public String render(List<ChatMessage> messages, ChatTemplateContext ctx) {
        StringBuilder sb = new StringBuilder();
        for (ChatMessage m : messages) sb.append("<|im_start|>").append(m.role()).append('\n').append(m.content()).append("<|im_end|>\n");
        if (ctx.addGenerationPrompt()) sb.append("<|im_start|>assistant\n");
        return sb.toString();
    }
}
