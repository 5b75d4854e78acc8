package io.github.camelllm.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.github.camelllm.spi.ChatMessage;
import io.github.camelllm.spi.EmbeddingRequest;
import io.github.camelllm.spi.GenerationRequest;
import io.github.camelllm.spi.SamplingOptions;

/** Every input that can change an answer changes the cache key; what cannot (timeouts) does not. */
class ResponseCacheKeyTest {

    private static final SamplingOptions BASE =
            new SamplingOptions(32, 0f, 0.95f, 40, 0.05f, 1f, 7, List.of("END"), null, null);

    private static GenerationRequest prompt(String text, SamplingOptions s, String template, long timeout) {
        return new GenerationRequest(text, null, template, s, timeout, 1000);
    }

    private static String key(GenerationRequest r) {
        return ResponseCacheKey.generation("call", "local", "stories260K", new LlmConfiguration(), r);
    }

    @Test
    void keysAreStableHexDigests() {
        String k = key(prompt("Once", BASE, null, 1000));
        assertTrue(k.matches("[0-9a-f]{64}"), k);
        assertEquals(k, key(prompt("Once", BASE, null, 1000)));
        assertEquals(k, key(prompt("Once", BASE, null, 99_999)), "the timeout does not change the answer");
    }

    @Test
    void everySamplingOptionIsPartOfTheKey() {
        List<SamplingOptions> variants = List.of(
                BASE,
                new SamplingOptions(33, 0f, 0.95f, 40, 0.05f, 1f, 7, List.of("END"), null, null),
                new SamplingOptions(32, 0.1f, 0.95f, 40, 0.05f, 1f, 7, List.of("END"), null, null),
                new SamplingOptions(32, 0f, 0.9f, 40, 0.05f, 1f, 7, List.of("END"), null, null),
                new SamplingOptions(32, 0f, 0.95f, 41, 0.05f, 1f, 7, List.of("END"), null, null),
                new SamplingOptions(32, 0f, 0.95f, 40, 0.06f, 1f, 7, List.of("END"), null, null),
                new SamplingOptions(32, 0f, 0.95f, 40, 0.05f, 1.1f, 7, List.of("END"), null, null),
                new SamplingOptions(32, 0f, 0.95f, 40, 0.05f, 1f, 8, List.of("END"), null, null),
                new SamplingOptions(32, 0f, 0.95f, 40, 0.05f, 1f, null, List.of("END"), null, null),
                new SamplingOptions(32, 0f, 0.95f, 40, 0.05f, 1f, 7, List.of("END", "STOP"), null, null),
                new SamplingOptions(32, 0f, 0.95f, 40, 0.05f, 1f, 7, List.of("END,STOP"), null, null),
                new SamplingOptions(32, 0f, 0.95f, 40, 0.05f, 1f, 7, List.of("END"), "{\"type\":\"object\"}", null),
                new SamplingOptions(32, 0f, 0.95f, 40, 0.05f, 1f, 7, List.of("END"), null, "root ::= \"a\""));
        Set<String> keys = new HashSet<>();
        variants.forEach(s -> keys.add(key(prompt("Once", s, null, 1000))));
        assertEquals(variants.size(), keys.size());
        assertNotEquals(key(prompt("Once", BASE, null, 1000)), key(prompt("Once", BASE, "chatml", 1000)));
        assertNotEquals(key(prompt("Once", BASE, null, 1000)), key(prompt("Once ", BASE, null, 1000)));
    }

    @Test
    void operationBackendModelAndModelOptionsArePartOfTheKey() {
        GenerationRequest r = prompt("Once", BASE, null, 1000);
        Set<String> keys = new HashSet<>();
        keys.add(ResponseCacheKey.generation("call", "local", "stories260K", new LlmConfiguration(), r));
        keys.add(ResponseCacheKey.generation("stream", "local", "stories260K", new LlmConfiguration(), r));
        keys.add(ResponseCacheKey.generation("call", "openai", "stories260K", new LlmConfiguration(), r));
        keys.add(ResponseCacheKey.generation("call", "local", "other", new LlmConfiguration(), r));
        List<Consumer<LlmConfiguration>> changes = List.of(
                c -> c.setModelPath("/a/stories260K.gguf"),
                c -> c.setBaseUrl("http://a:8080/v1"),
                c -> c.setModel("qwen"),
                c -> c.setContextSize(512),
                c -> c.setMaxContextSize(1024));
        for (Consumer<LlmConfiguration> change : changes) {
            LlmConfiguration c = new LlmConfiguration();
            change.accept(c);
            keys.add(ResponseCacheKey.generation("call", "local", "stories260K", c, r));
        }
        assertEquals(4 + changes.size(), keys.size());
        LlmConfiguration unrelated = new LlmConfiguration();
        unrelated.setQueueTimeout(1);
        unrelated.setRequestTimeout(5);
        unrelated.setMaxRetries(0);
        assertEquals(
                ResponseCacheKey.generation("call", "local", "stories260K", new LlmConfiguration(), r),
                ResponseCacheKey.generation("call", "local", "stories260K", unrelated, r));
    }

    @Test
    void messagesAreKeyedByRoleAndContentInOrder() {
        List<ChatMessage> a = List.of(new ChatMessage("system", "Be brief."), new ChatMessage("user", "Hi"));
        List<ChatMessage> b = List.of(new ChatMessage("user", "Be brief."), new ChatMessage("user", "Hi"));
        List<ChatMessage> c = List.of(new ChatMessage("user", "Hi"), new ChatMessage("system", "Be brief."));
        Set<String> keys = new HashSet<>();
        for (List<ChatMessage> m : List.of(a, b, c)) {
            keys.add(ResponseCacheKey.generation(
                    "chat", "local", "m", new LlmConfiguration(), new GenerationRequest(null, m, null, BASE, 0, 0)));
        }
        keys.add(ResponseCacheKey.generation(
                "chat", "local", "m", new LlmConfiguration(), prompt("Be brief.Hi", BASE, null, 0)));
        assertEquals(4, keys.size());
    }

    @Test
    void embeddingKeysCoverInputsAndNormalize() {
        LlmConfiguration c = new LlmConfiguration();
        Set<String> keys = new HashSet<>();
        keys.add(ResponseCacheKey.embedding("local", "m", c, new EmbeddingRequest(List.of("a", "b"), 0, 0), true));
        keys.add(ResponseCacheKey.embedding("local", "m", c, new EmbeddingRequest(List.of("b", "a"), 0, 0), true));
        keys.add(ResponseCacheKey.embedding("local", "m", c, new EmbeddingRequest(List.of("a", "b"), 0, 0), false));
        keys.add(ResponseCacheKey.embedding("local", "m", c, new EmbeddingRequest(List.of("ab"), 0, 0), true));
        assertEquals(4, keys.size());
        assertEquals(
                ResponseCacheKey.embedding("local", "m", c, new EmbeddingRequest(List.of("a", "b"), 0, 0), true),
                ResponseCacheKey.embedding("local", "m", c, new EmbeddingRequest(List.of("a", "b"), 5000, 10), true));
    }
}
