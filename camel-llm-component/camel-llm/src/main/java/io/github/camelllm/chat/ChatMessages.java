package io.github.camelllm.chat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

public final class ChatMessages {
    public static List<ChatMessage> fromBody(Object body, ObjectMapper mapper) {
        if (body instanceof String s) {
            if (s.isBlank()) throw new IllegalArgumentException("chat body: blank message");
            return List.of(new ChatMessage("user", s));
        }
        throw new IllegalArgumentException("chat body: unsupported type");
    }

    public static List<ChatMessage> withSystem(List<ChatMessage> msgs, String systemMessage) {
        if (systemMessage == null || systemMessage.isBlank()) return msgs;
        List<ChatMessage> r = new ArrayList<>();
        r.add(new ChatMessage("system", systemMessage));
        r.addAll(msgs);
        return r;
    }
}
