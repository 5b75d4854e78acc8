package io.github.camelllm.spi;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The operations of the llm component, given as the URI path: {@code llm:call}, {@code llm:chat}, ... */
public enum LlmOperation {
    /** Completes a prompt (String body); the result body is the generated text. */
    call,
    /** Answers a conversation (list of role/content messages); the result body is the assistant's text. */
    chat,
    /** Embeds a String or a List of Strings; the result body is a float[] or a List of float[]. */
    embed,
    /** Completes a prompt or conversation as an Iterator of {@link LlmChunk}s, for a streaming split. */
    stream,
    /** Manages models (action list, available, info, pull, remove) in the models directory or on an Ollama server. */
    models;

    /** Parses an operation name, failing with the list of valid names. */
    public static LlmOperation parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    "llm endpoint needs an operation: llm:call, llm:chat, llm:embed, llm:stream or llm:models");
        }
        try {
            return valueOf(value.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown llm operation '" + value + "': expected one of "
                    + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }
}
