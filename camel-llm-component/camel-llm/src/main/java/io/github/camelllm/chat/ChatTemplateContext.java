package io.github.camelllm.chat;

public record ChatTemplateContext(String bosToken, String eosToken, boolean addGenerationPrompt) {
}
