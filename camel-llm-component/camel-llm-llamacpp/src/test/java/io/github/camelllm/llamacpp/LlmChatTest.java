package io.github.camelllm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.camelllm.component.LlmConstants;
import io.github.camelllm.spi.LlmInvalidRequestException;

/**
 * llm:chat on the bundled model. stories260K has no chat template of its own, so the tests pass the real Phi-3
 * template (read from a GGUF file) or a built-in one, and check the result against llm:call on the prompt that the
 * template must produce: same greedy text, same token counts.
 */
class LlmChatTest {

    static YamlRouteTestSupport routes;
    static String phi3;

    record Turn(String role, String content) {}

    @BeforeAll
    static void start() throws Exception {
        phi3 = TestModels.phi3Template();
        // a Jinja template cannot sit in an endpoint URI (Camel reads {{ }} as placeholders): it goes in a file
        java.nio.file.Path templateFile = java.nio.file.Files.createTempFile("phi3", ".jinja");
        templateFile.toFile().deleteOnExit();
        java.nio.file.Files.writeString(templateFile, phi3);
        routes = YamlRouteTestSupport.start("""
                - route:
                    from:
                      uri: "direct:phi3"
                      steps:
                        - to:
                            uri: "llm:chat"
                            parameters:
                              maxTokens: 24
                              temperature: 0
                              chatTemplate: "file:%s"
                - route:
                    from:
                      uri: "direct:chatml"
                      steps:
                        - to: { uri: "llm:chat", parameters: { maxTokens: 24, temperature: 0, chatTemplate: chatml, systemMessage: "You tell stories." } }
                - route:
                    from:
                      uri: "direct:noTemplate"
                      steps:
                        - to: { uri: "llm:chat", parameters: { maxTokens: 8 } }
                - route:
                    from:
                      uri: "direct:call"
                      steps:
                        - to: { uri: "llm:call", parameters: { maxTokens: 24, temperature: 0 } }
                """.formatted(templateFile));
    }

    @AfterAll
    static void stop() throws Exception {
        routes.close();
    }

    private Exchange send(String uri, Object body) {
        return routes.template.request(uri, e -> e.getMessage().setBody(body));
    }

    private void assertSameAsCall(Exchange chat, String expectedPrompt) {
        assertNull(chat.getException());
        Exchange call = send("direct:call", expectedPrompt);
        assertNull(call.getException());
        assertEquals(call.getMessage().getBody(String.class), chat.getMessage().getBody(String.class));
        assertEquals(
                call.getMessage().getHeader(LlmConstants.INPUT_TOKENS),
                chat.getMessage().getHeader(LlmConstants.INPUT_TOKENS),
                "the chat prompt is exactly the rendered template");
        assertEquals(24, chat.getMessage().getHeader(LlmConstants.OUTPUT_TOKENS));
    }

    @Test
    void rendersTheModelStylePhi3TemplateFromGguf() {
        assertEquals(269, phi3.length());
        Exchange chat = send(
                "direct:phi3",
                List.of(
                        Map.of("role", "user", "content", "Hello"),
                        Map.of("role", "assistant", "content", "Hi there"),
                        Map.of("role", "user", "content", "How are you?")));
        // what llama.cpp's own template engine produces for this conversation; the leading BOS is added by the
        // tokenizer
        assertSameAsCall(
                chat,
                "<|user|>\nHello<|end|>\n<|assistant|>\nHi there<|end|>\n<|user|>\nHow are you?<|end|>\n<|assistant|>\n");
    }

    @Test
    void everyBodyShapeGivesTheSameConversation() {
        String expected = send("direct:phi3", List.of(Map.of("role", "user", "content", "Tell me a story")))
                .getMessage()
                .getBody(String.class);
        assertEquals(
                expected, send("direct:phi3", "Tell me a story").getMessage().getBody(String.class), "plain string");
        assertEquals(
                expected,
                send("direct:phi3", "[{\"role\":\"user\",\"content\":\"Tell me a story\"}]")
                        .getMessage()
                        .getBody(String.class),
                "JSON array");
        assertEquals(
                expected,
                send("direct:phi3", List.of(new Turn("user", "Tell me a story")))
                        .getMessage()
                        .getBody(String.class),
                "records");
    }

    @Test
    void systemMessageIsPrependedAsASystemTurn() {
        Exchange chat = send("direct:chatml", "Once upon a time");
        assertSameAsCall(
                chat,
                "<|im_start|>system\nYou tell stories.<|im_end|>\n<|im_start|>user\nOnce upon a time<|im_end|>\n"
                        + "<|im_start|>assistant\n");
    }

    @Test
    void aJinjaTemplateCanComeInAHeader() {
        Exchange chat = routes.template.request("direct:noTemplate", e -> {
            e.getMessage().setBody("How are you?");
            e.getMessage().setHeader(LlmConstants.CHAT_TEMPLATE, phi3);
            e.getMessage().setHeader(LlmConstants.MAX_TOKENS, 24);
            e.getMessage().setHeader(LlmConstants.TEMPERATURE, 0);
        });
        assertSameAsCall(chat, "<|user|>\nHow are you?<|end|>\n<|assistant|>\n");
    }

    @Test
    void systemMessageHeaderOverridesTheOption() {
        Exchange chat = routes.template.request("direct:chatml", e -> {
            e.getMessage().setBody("Once upon a time");
            e.getMessage().setHeader(LlmConstants.SYSTEM_MESSAGE, "Be brief.");
        });
        assertSameAsCall(
                chat,
                "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nOnce upon a time<|im_end|>\n"
                        + "<|im_start|>assistant\n");
    }

    @Test
    void aModelWithoutTemplateAndNoChatTemplateOptionIsAnError() {
        Exchange ex = send("direct:noTemplate", "Hello");
        LlmInvalidRequestException e = assertInstanceOf(LlmInvalidRequestException.class, ex.getException());
        assertTrue(e.getMessage().contains("has no chat template"), e.getMessage());
        assertTrue(e.getMessage().contains("stories260K"), e.getMessage());
        assertTrue(e.getMessage().contains("chatTemplate"), e.getMessage());
    }

    @Test
    void malformedConversationsAreRefusedNamingTheField() {
        assertTrue(assertInstanceOf(
                        LlmInvalidRequestException.class,
                        send("direct:phi3", "[{\"role\":\"user\",").getException())
                .getMessage()
                .contains("malformed messages JSON"));
        assertTrue(assertInstanceOf(
                        LlmInvalidRequestException.class,
                        send(
                                        "direct:phi3",
                                        List.of(
                                                Map.of("role", "user", "content", "a"),
                                                Map.of("role", "bot", "content", "b")))
                                .getException())
                .getMessage()
                .contains("messages[1].role 'bot'"));
        assertTrue(assertInstanceOf(
                        LlmInvalidRequestException.class,
                        send("direct:phi3", List.of()).getException())
                .getMessage()
                .contains("empty"));
        assertTrue(assertInstanceOf(
                        LlmInvalidRequestException.class,
                        send("direct:phi3", 42).getException())
                .getMessage()
                .contains("java.lang.Integer"));
        assertTrue(assertInstanceOf(
                        LlmInvalidRequestException.class,
                        send("direct:phi3", "  ").getException())
                .getMessage()
                .contains("blank"));
    }
}
