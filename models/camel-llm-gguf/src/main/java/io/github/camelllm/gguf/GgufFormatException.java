package io.github.camelllm.gguf;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Thrown when a file is not a valid (or not a supported) GGUF file.
 *
 * <p>The message always starts with the file path, followed by {@code ": "} and a description of what is wrong,
 * for example {@code "/models/x.gguf: truncated at byte 1234 while reading metadata key #5 'llama.block_count'
 * value (uint32): needs 4 bytes, 2 remain"}.
 */
public class GgufFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;

    /**
     * @param path   the file that was being read
     * @param detail what is wrong with it; the message becomes {@code path + ": " + detail}
     */
    public GgufFormatException(Path path, String detail) {
        super(path + ": " + detail);
        this.path = path;
    }

    /**
     * @param path   the file that was being read
     * @param detail what is wrong with it; the message becomes {@code path + ": " + detail}
     * @param cause  the underlying failure
     */
    public GgufFormatException(Path path, String detail, Throwable cause) {
        super(path + ": " + detail, cause);
        this.path = path;
    }

    /** @return the file that was being read (may be {@code null} after deserialization) */
    public Path path() {
        return path;
    }
}
