package io.github.camelllm.component;

import java.io.Closeable;
import java.util.Iterator;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.camelllm.spi.GenerationStream;

/**
 * The body produced by llm:stream. Closing it before the last chunk cancels the generation (Camel's splitter closes
 * the iterator when it stops; the producer also closes it when the exchange completes).
 */
public final class LlmChunkIterator implements Iterator<LlmChunk>, Closeable {

    private final GenerationStream stream;
    private final String jsonSchema;
    private final ObjectMapper mapper;
    private final StringBuilder text = new StringBuilder();

    LlmChunkIterator(GenerationStream stream, String jsonSchema, ObjectMapper mapper) {
        this.stream = stream;
        this.jsonSchema = jsonSchema;
        this.mapper = mapper;
    }

    @Override
    public boolean hasNext() {
        return stream.hasNext();
    }

    @Override
    public LlmChunk next() {
        if (!stream.hasNext()) {
            throw new NoSuchElementException("the generation has ended");
        }
        LlmChunk chunk = stream.next();
        if (jsonSchema != null) {
            text.append(chunk.getText());
            if (chunk.isLast()) {
                OutputValidator.check(jsonSchema, text.toString(), chunk, mapper);
            }
        }
        return chunk;
    }

    /** Cancels the generation if it is still running; idempotent. */
    @Override
    public void close() {
        stream.close();
    }
}
