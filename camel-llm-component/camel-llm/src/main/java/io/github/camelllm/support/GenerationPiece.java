package io.github.camelllm.support;

import java.util.Objects;

/**
 * What a {@link GenerationSource} read: a piece of generated text ({@link Delta}), or the end of the generation with
 * its usage ({@link End}).
 */
public sealed interface GenerationPiece {

    /** A piece of generated text; an empty one is counted as output but produces no chunk. */
    static Delta delta(String text) {
        return new Delta(text);
    }

    /**
     * The end of a generation without text of its own.
     *
     * @param finishReason why generation stopped, or null to derive it from the output tokens and maxTokens
     * @param inputTokens  prompt tokens, or null when the backend did not say
     * @param outputTokens generated tokens, or null to use the number of deltas read
     */
    static End end(String finishReason, Integer inputTokens, Integer outputTokens) {
        return new End("", false, finishReason, inputTokens, outputTokens);
    }

    /**
     * A piece of generated text: llama.cpp's token text, one OpenAI text delta, one Ollama line.
     *
     * @param text the text, possibly empty (llama.cpp holds text back while it might start a stop string)
     */
    record Delta(String text) implements GenerationPiece {

        public Delta {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * The end of a generation, which becomes the last chunk.
     *
     * @param text         text of the last chunk (often empty)
     * @param textIsOutput whether that text is one more piece of output (counted, and the first token's time when it
     *                     is the first text), rather than text of pieces already counted
     * @param finishReason why generation stopped, or null to derive it: length when the output reached maxTokens,
     *                     else stop
     * @param inputTokens  prompt tokens, or null when unknown
     * @param outputTokens generated tokens, or null to use the number of pieces read
     */
    record End(String text, boolean textIsOutput, String finishReason, Integer inputTokens, Integer outputTokens)
            implements GenerationPiece {

        public End {
            Objects.requireNonNull(text, "text");
        }

        /** This end carrying the text of a last piece of output (Ollama's done line). */
        public End withFinalPiece(String finalText) {
            return new End(finalText, true, finishReason, inputTokens, outputTokens);
        }

        /** This end carrying text of pieces already counted (llama.cpp releasing text it held back). */
        public End withHeldBackText(String heldBack) {
            return new End(heldBack, false, finishReason, inputTokens, outputTokens);
        }
    }
}
