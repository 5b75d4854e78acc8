package io.github.camelllm.chat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.camelllm.spi.ChatMessage;

/**
 * Turns an exchange body into a list of {@link ChatMessage}s, and related helpers.
 *
 * <p>Every problem is reported as an {@link IllegalArgumentException} whose message starts with
 * {@code "chat body: "} and names the offending element, e.g.
 * {@code chat body: messages[2].role 'bot' is not one of system, user, assistant, tool}.
 */
public final class ChatMessages {

    private static final String PREFIX = "chat body: ";
    private static final String EXPECTED = "expected a List of {role, content}, a JSON array string or a plain string";
    private static final ObjectMapper DEFAULT_MAPPER = new ObjectMapper();

    private ChatMessages() {}

    /**
     * Reads chat messages from a message body.
     *
     * <p>Accepted shapes:
     * <ul>
     *   <li>a {@link List} whose elements are {@link ChatMessage}s, {@link Map}s with the keys
     *       {@code role} and {@code content}, or objects (records or beans) with public
     *       {@code role()}/{@code content()} or {@code getRole()}/{@code getContent()} accessors;</li>
     *   <li>a string holding a JSON array of {@code {"role": ..., "content": ...}} objects, or a
     *       JSON object with such an array under {@code messages};</li>
     *   <li>any other non-blank string (one that does not start with {@code [} or <code>&#123;</code> after
     *       trimming), which becomes a single user message.</li>
     * </ul>
     * Roles are matched case-insensitively and normalized to lower case; contents must be
     * strings.
     *
     * @param body   the body; a {@link CharSequence} is treated as a string
     * @param mapper the Jackson mapper used to parse JSON strings; {@code null} uses a default one
     * @return the messages, never empty, unmodifiable
     * @throws IllegalArgumentException naming exactly what is wrong with the body
     */
    public static List<ChatMessage> fromBody(Object body, ObjectMapper mapper) {
        if (body == null) {
            throw new IllegalArgumentException(PREFIX + "the body is null; " + EXPECTED);
        }
        if (body instanceof CharSequence text) {
            return fromString(text.toString(), mapper == null ? DEFAULT_MAPPER : mapper);
        }
        if (body instanceof List<?> list) {
            return fromList(list);
        }
        throw new IllegalArgumentException(
                PREFIX + "unsupported type " + body.getClass().getName() + "; " + EXPECTED);
    }

    /**
     * Puts a system message in front of a conversation.
     *
     * <p>If {@code systemMessage} is {@code null} or blank the list is returned unchanged (as an
     * unmodifiable copy). Otherwise a system turn with that text is prepended. If the list
     * already starts with a system message, that message is kept, after the new one: nothing is
     * replaced or merged, so the caller's conversation is passed on exactly as given. (Templates
     * that only honour a leading system message will then see the option's text as the system
     * prompt and treat the second system message per their own rules.)
     *
     * @param msgs          the conversation
     * @param systemMessage the system prompt to prepend, may be {@code null} or blank
     * @return a new unmodifiable list
     */
    public static List<ChatMessage> withSystem(List<ChatMessage> msgs, String systemMessage) {
        if (systemMessage == null || systemMessage.isBlank()) {
            return List.copyOf(msgs);
        }
        List<ChatMessage> out = new ArrayList<>(msgs.size() + 1);
        out.add(ChatMessage.system(systemMessage));
        out.addAll(msgs);
        return List.copyOf(out);
    }

    private static List<ChatMessage> fromString(String text, ObjectMapper mapper) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException(PREFIX + "blank message");
        }
        if (!trimmed.startsWith("[") && !trimmed.startsWith("{")) {
            return List.of(ChatMessage.user(text));
        }
        JsonNode root;
        try {
            root = mapper.reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(trimmed);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new IllegalArgumentException(
                    PREFIX + "malformed messages JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        JsonNode array = root;
        if (root.isObject()) {
            array = root.get("messages");
            if (array == null || !array.isArray()) {
                throw new IllegalArgumentException(PREFIX + "JSON object has no 'messages' array");
            }
        }
        if (array.isEmpty()) {
            throw new IllegalArgumentException(PREFIX + "the message list is empty");
        }
        List<ChatMessage> out = new ArrayList<>(array.size());
        int i = 0;
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); i++) {
            JsonNode node = it.next();
            if (!node.isObject()) {
                throw new IllegalArgumentException(PREFIX + "messages[" + i + "] is a JSON " + jsonType(node)
                        + ", expected an object with role and content");
            }
            Object role = jsonField(node, "role", i);
            Object content = jsonField(node, "content", i);
            out.add(message(i, role, content));
        }
        return List.copyOf(out);
    }

    private static Object jsonField(JsonNode node, String field, int index) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(
                    PREFIX + "messages[" + index + "]." + field + " must be a string, got a JSON " + jsonType(value));
        }
        return value.textValue();
    }

    /** array, object, number, boolean, null, string, ... (the node type's name). */
    private static String jsonType(JsonNode node) {
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static List<ChatMessage> fromList(List<?> list) {
        if (list.isEmpty()) {
            throw new IllegalArgumentException(PREFIX + "the message list is empty");
        }
        List<ChatMessage> out = new ArrayList<>(list.size());
        int i = 0;
        for (Object element : list) {
            out.add(fromElement(element, i++));
        }
        return List.copyOf(out);
    }

    private static ChatMessage fromElement(Object element, int i) {
        if (element instanceof ChatMessage message) {
            return message;
        }
        if (element == null) {
            throw new IllegalArgumentException(
                    PREFIX + "messages[" + i + "] is null, expected a map or an object with role and content");
        }
        if (element instanceof Map<?, ?> map) {
            return message(i, map.get("role"), map.get("content"));
        }
        Method role = accessor(element.getClass(), "role", "getRole");
        Method content = accessor(element.getClass(), "content", "getContent");
        if (role == null || content == null) {
            throw new IllegalArgumentException(PREFIX + "messages[" + i + "] is a "
                    + element.getClass().getName() + ", expected a map or an object with role and content");
        }
        return message(i, invoke(role, element, i), invoke(content, element, i));
    }

    private static Method accessor(Class<?> type, String recordStyle, String beanStyle) {
        for (String name : new String[] {recordStyle, beanStyle}) {
            try {
                Method m = type.getMethod(name);
                if (!Modifier.isStatic(m.getModifiers()) && m.getReturnType() != void.class) {
                    return m;
                }
            } catch (NoSuchMethodException e) {
                // try the other spelling
            }
        }
        return null;
    }

    private static Object invoke(Method accessor, Object target, int i) {
        try {
            if (!accessor.canAccess(target)) {
                // public method of a non-public class (e.g. a private nested record)
                accessor.setAccessible(true);
            }
            return accessor.invoke(target);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(
                    PREFIX + "messages[" + i + "]." + accessor.getName() + "() failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException(
                    PREFIX + "messages[" + i + "]." + accessor.getName() + "() cannot be called: " + e, e);
        }
    }

    private static ChatMessage message(int i, Object role, Object content) {
        String at = PREFIX + "messages[" + i + "].";
        if (role == null) {
            throw new IllegalArgumentException(at + "role is missing");
        }
        if (!(role instanceof String roleText)) {
            throw new IllegalArgumentException(
                    at + "role must be a string, got " + role.getClass().getName());
        }
        String normalized = ChatMessage.normalizeRole(roleText);
        if (normalized == null) {
            throw new IllegalArgumentException(
                    at + "role '" + roleText + "' is not one of " + String.join(", ", ChatMessage.ROLES));
        }
        if (content == null) {
            throw new IllegalArgumentException(at + "content is missing");
        }
        if (!(content instanceof String contentText)) {
            throw new IllegalArgumentException(
                    at + "content must be a string, got " + content.getClass().getName());
        }
        return new ChatMessage(normalized, contentText);
    }
}
