package io.github.camelllm.component;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.camelllm.spi.LlmChunk;
import io.github.camelllm.spi.LlmOutputValidationException;

/** Checks that output generated under a jsonSchema is one complete JSON value. */
final class OutputValidator {

    private OutputValidator() {}

    static void check(String jsonSchema, String output, LlmChunk last, ObjectMapper mapper) {
        if (jsonSchema == null) {
            return;
        }
        String hint = "length".equals(last.getFinishReason())
                ? " (generation stopped at the token limit"
                        + (last.getOutputTokens() == null ? "" : " after " + last.getOutputTokens() + " tokens")
                        + ": raise maxTokens)"
                : "";
        try (JsonParser parser = mapper.createParser(output)) {
            if (parser.nextToken() == null) {
                throw new LlmOutputValidationException("output under jsonSchema is empty" + hint, output);
            }
            parser.skipChildren();
            JsonToken trailing;
            try {
                trailing = parser.nextToken();
            } catch (JsonProcessingException e) {
                throw new LlmOutputValidationException(
                        "output under jsonSchema has text after the JSON value at line "
                                + e.getLocation().getLineNr() + ", column "
                                + e.getLocation().getColumnNr() + hint,
                        output);
            }
            if (trailing != null) {
                throw new LlmOutputValidationException(
                        "output under jsonSchema has text after the JSON value at line "
                                + parser.currentLocation().getLineNr() + ", column "
                                + parser.currentLocation().getColumnNr() + hint,
                        output);
            }
        } catch (JsonProcessingException e) {
            throw new LlmOutputValidationException(
                    "output under jsonSchema is not valid JSON at line "
                            + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + " (character "
                            + e.getLocation().getCharOffset() + "): " + e.getOriginalMessage() + hint,
                    output);
        } catch (java.io.IOException e) {
            throw new LlmOutputValidationException(
                    "output under jsonSchema could not be read: " + e.getMessage(), output);
        }
    }
}
