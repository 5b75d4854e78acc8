package io.github.camelllm.chat;

public record ChatMessage(String role, String content) {
}
