package io.github.camelllm.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.camelllm.spi.ChatMessage;

class ChatMessagesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A public record with role()/content(). */
    public record Turn(String role, String content) {}

    /** A non-public record: its accessors are public but the class is not. */
    private record HiddenTurn(String role, String content) {}

    /** A JavaBean with getRole()/getContent(). */
    public static final class Bean {
        private final String role;
        private final String content;

        public Bean(String role, String content) {
            this.role = role;
            this.content = content;
        }

        public String getRole() {
            return role;
        }

        public String getContent() {
            return content;
        }
    }

    private static String error(Object body) {
        return assertThrows(IllegalArgumentException.class, () -> ChatMessages.fromBody(body, MAPPER))
                .getMessage();
    }

    // ---- accepted shapes

    @Test
    void listOfChatMessages() {
        List<ChatMessage> in = List.of(ChatMessage.system("be brief"), ChatMessage.user("hi"));
        assertEquals(in, ChatMessages.fromBody(in, MAPPER));
    }

    @Test
    void listOfMapsWithCaseInsensitiveRoles() {
        List<Map<String, Object>> in = List.of(
                Map.of("role", "System", "content", "be brief"),
                Map.of("role", "USER", "content", "hi"),
                Map.of("role", "assistant", "content", ""),
                Map.of("role", "Tool", "content", "42"));
        assertEquals(
                List.of(
                        new ChatMessage("system", "be brief"),
                        new ChatMessage("user", "hi"),
                        new ChatMessage("assistant", ""),
                        new ChatMessage("tool", "42")),
                ChatMessages.fromBody(in, MAPPER));
    }

    @Test
    void listOfRecordsBeansAndMixed() {
        List<Object> in = List.of(
                new Turn("system", "s"),
                new HiddenTurn("user", "u"),
                new Bean("assistant", "a"),
                ChatMessage.user("u2"),
                Map.of("role", "user", "content", "u3"));
        assertEquals(
                List.of(
                        ChatMessage.system("s"),
                        ChatMessage.user("u"),
                        ChatMessage.assistant("a"),
                        ChatMessage.user("u2"),
                        ChatMessage.user("u3")),
                ChatMessages.fromBody(in, MAPPER));
    }

    @Test
    void jsonArrayString() {
        assertEquals(
                List.of(ChatMessage.user("hi")),
                ChatMessages.fromBody("[{\"role\":\"user\",\"content\":\"hi\"}]", MAPPER));
        assertEquals(
                List.of(ChatMessage.system("s"), ChatMessage.user("hi")),
                ChatMessages.fromBody(
                        "  \n[{\"role\":\"SYSTEM\",\"content\":\"s\"},\n {\"role\":\"user\",\"content\":\"hi\"}]  ",
                        MAPPER));
    }

    @Test
    void jsonObjectWithMessagesArray() {
        assertEquals(
                List.of(ChatMessage.user("hi")),
                ChatMessages.fromBody(
                        "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", MAPPER));
    }

    @Test
    void plainStringIsOneUserMessage() {
        assertEquals(List.of(ChatMessage.user("What is Camel?")), ChatMessages.fromBody("What is Camel?", MAPPER));
        assertEquals(List.of(ChatMessage.user(" keep my spaces ")), ChatMessages.fromBody(" keep my spaces ", MAPPER));
        assertEquals(List.of(ChatMessage.user("hi")), ChatMessages.fromBody(new StringBuilder("hi"), MAPPER));
    }

    @Test
    void nullMapperUsesDefault() {
        assertEquals(
                List.of(ChatMessage.user("hi")),
                ChatMessages.fromBody("[{\"role\":\"user\",\"content\":\"hi\"}]", null));
    }

    @Test
    void resultIsUnmodifiable() {
        List<ChatMessage> out = ChatMessages.fromBody("hi", MAPPER);
        assertThrows(UnsupportedOperationException.class, () -> out.add(ChatMessage.user("x")));
    }

    // ---- errors

    @Test
    void badRoleNamesIndex() {
        List<Map<String, Object>> in = List.of(
                Map.of("role", "user", "content", "a"),
                Map.of("role", "assistant", "content", "b"),
                Map.of("role", "bot", "content", "c"));
        assertEquals("chat body: messages[2].role 'bot' is not one of system, user, assistant, tool", error(in));
        assertEquals(
                "chat body: messages[0].role 'bot' is not one of system, user, assistant, tool",
                error("[{\"role\":\"bot\",\"content\":\"x\"}]"));
    }

    @Test
    void missingContent() {
        assertEquals("chat body: messages[0].content is missing", error(List.of(Map.of("role", "user"))));
        assertEquals(
                "chat body: messages[1].content is missing",
                error("[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\",\"content\":null}]"));
        assertEquals("chat body: messages[0].content is missing", error(List.of(new Turn("user", null))));
    }

    @Test
    void missingOrNonStringRole() {
        assertEquals("chat body: messages[0].role is missing", error(List.of(Map.of("content", "x"))));
        assertEquals("chat body: messages[0].role is missing", error("[{\"content\":\"x\"}]"));
        assertEquals(
                "chat body: messages[0].role must be a string, got java.lang.Integer",
                error(List.of(Map.of("role", 1, "content", "x"))));
        assertEquals(
                "chat body: messages[0].role must be a string, got a JSON number",
                error("[{\"role\":1,\"content\":\"x\"}]"));
    }

    @Test
    void nonStringContent() {
        assertEquals(
                "chat body: messages[1].content must be a string, got java.lang.Integer",
                error(List.of(Map.of("role", "user", "content", "a"), Map.of("role", "user", "content", 7))));
        assertEquals(
                "chat body: messages[0].content must be a string, got a JSON number",
                error("[{\"role\":\"user\",\"content\":42}]"));
        assertEquals(
                "chat body: messages[0].content must be a string, got a JSON array",
                error("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}]"));
    }

    @Test
    void malformedJson() {
        String msg = error("[{\"role\":\"user\",}]");
        assertTrue(msg.startsWith("chat body: malformed messages JSON at line 1, column 17: "), msg);
        assertTrue(msg.contains("Unexpected character ('}'"), msg);
        String multiLine = error("[\n  {\"role\": \"user\", \"content\": \"hi\"\n]");
        assertTrue(multiLine.startsWith("chat body: malformed messages JSON at line 3, column 1: "), multiLine);
        String trailing = error("[{\"role\":\"user\",\"content\":\"hi\"}] extra");
        assertTrue(trailing.startsWith("chat body: malformed messages JSON at line 1, column "), trailing);
    }

    @Test
    void emptyList() {
        assertEquals("chat body: the message list is empty", error(List.of()));
        assertEquals("chat body: the message list is empty", error("[]"));
        assertEquals("chat body: the message list is empty", error("{\"messages\": []}"));
    }

    @Test
    void blankMessage() {
        assertEquals("chat body: blank message", error(""));
        assertEquals("chat body: blank message", error("  \n\t "));
    }

    @Test
    void unsupportedType() {
        assertEquals(
                "chat body: unsupported type java.lang.Integer; expected a List of {role, content}, "
                        + "a JSON array string or a plain string",
                error(42));
        assertEquals(
                "chat body: the body is null; expected a List of {role, content}, "
                        + "a JSON array string or a plain string",
                error(null));
    }

    @Test
    void unsupportedElement() {
        assertEquals(
                "chat body: messages[1] is a java.lang.Integer, expected a map or an object with role and content",
                error(List.of(ChatMessage.user("a"), 5)));
        assertEquals(
                "chat body: messages[0] is null, expected a map or an object with role and content",
                error(new ArrayList<>(Arrays.asList((Object) null))));
        assertEquals(
                "chat body: messages[1] is a JSON string, expected an object with role and content",
                error("[{\"role\":\"user\",\"content\":\"a\"}, \"b\"]"));
    }

    @Test
    void jsonObjectWithoutMessages() {
        assertEquals("chat body: JSON object has no 'messages' array", error("{\"role\":\"user\",\"content\":\"hi\"}"));
        assertEquals("chat body: JSON object has no 'messages' array", error("{\"messages\": \"hi\"}"));
    }

    @Test
    void mapWithExtraKeysIsFine() {
        Map<String, Object> m = new HashMap<>();
        m.put("role", "user");
        m.put("content", "hi");
        m.put("name", "bob");
        assertEquals(List.of(ChatMessage.user("hi")), ChatMessages.fromBody(List.of(m), MAPPER));
    }

    // ---- withSystem

    @Test
    void withSystemPrependsOnlyWhenNonBlank() {
        List<ChatMessage> conv = List.of(ChatMessage.user("hi"));
        assertEquals(conv, ChatMessages.withSystem(conv, null));
        assertEquals(conv, ChatMessages.withSystem(conv, "   "));
        assertEquals(
                List.of(ChatMessage.system("be brief"), ChatMessage.user("hi")),
                ChatMessages.withSystem(conv, "be brief"));
    }

    @Test
    void withSystemKeepsExistingLeadingSystemMessageSecond() {
        List<ChatMessage> conv = List.of(ChatMessage.system("from body"), ChatMessage.user("hi"));
        assertEquals(
                List.of(ChatMessage.system("from option"), ChatMessage.system("from body"), ChatMessage.user("hi")),
                ChatMessages.withSystem(conv, "from option"));
    }

    // ---- ChatMessage itself

    @Test
    void chatMessageValidatesAndNormalizes() {
        assertEquals("assistant", new ChatMessage(" Assistant ", "x").role());
        assertEquals(
                "chat message role 'bot' is not one of system, user, assistant, tool",
                assertThrows(IllegalArgumentException.class, () -> new ChatMessage("bot", "x"))
                        .getMessage());
        assertEquals(
                "chat message content is missing",
                assertThrows(IllegalArgumentException.class, () -> new ChatMessage("user", null))
                        .getMessage());
        assertEquals(
                "chat message role is missing",
                assertThrows(IllegalArgumentException.class, () -> new ChatMessage(null, "x"))
                        .getMessage());
    }
}
