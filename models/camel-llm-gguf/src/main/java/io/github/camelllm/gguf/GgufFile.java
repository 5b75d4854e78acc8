package io.github.camelllm.gguf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The header, metadata and tensor descriptions of a GGUF model file (versions 2 and 3), read and validated in pure
 * Java, so that a broken or hostile file is rejected with an exception before it reaches native code.
 *
 * <p>{@link #read(Path)} reads the file front to back through a buffer and stops after the tensor infos; tensor data
 * is never read or mapped, but every tensor's data range is checked to lie inside the file.
 *
 * <p>Metadata values are mapped to Java as follows:
 * <ul>
 *   <li>all integer types (UINT8 to INT64) to {@link Long}; UINT64 values above {@link Long#MAX_VALUE} keep their
 *       bits and so appear negative (use {@link Long#toUnsignedString(long)} to print them);</li>
 *   <li>FLOAT32 and FLOAT64 to {@link Double};</li>
 *   <li>BOOL to {@link Boolean}; STRING to {@link String} (invalid UTF-8 is replaced with U+FFFD);</li>
 *   <li>ARRAY to an unmodifiable {@code List<Object>} whose elements follow the same rules (nested arrays are
 *       lists of lists). Numeric and bool arrays are stored in primitive arrays and boxed on access.</li>
 * </ul>
 *
 * <p>Limits applied to untrusted input: at most 10 million tensors and 1 million metadata entries, keys and tensor
 * names up to 64 KiB, string values up to 16 MiB, arrays up to 100 million elements and 8 levels of nesting,
 * 4 million strings/arrays inside arrays in total, and header plus metadata up to 1 GiB. Every count and length is
 * also checked against the bytes left in the file before memory is allocated for it.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class GgufFile {

    private final Path path;
    private final int version;
    private final long tensorCount;
    private final Map<String, Object> metadata;
    private final List<GgufTensorInfo> tensors;
    private final long alignment;
    private final long dataOffset;
    private final long fileSize;

    private GgufFile(Path path, GgufReader r, long fileSize) {
        this.path = path;
        this.version = r.version;
        this.tensorCount = r.tensorCount;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(r.metadata));
        this.tensors = List.copyOf(r.tensors);
        this.alignment = r.alignment;
        this.dataOffset = r.dataOffset;
        this.fileSize = fileSize;
    }

    /**
     * Reads and validates the header, metadata and tensor infos of a GGUF file.
     *
     * @param path the model file
     * @return the parsed file description
     * @throws NoSuchFileException  if the file does not exist (message {@code "model file not found: <path>"})
     * @throws FileSystemException  if the path is not a regular file, e.g. a directory
     * @throws AccessDeniedException if the file is not readable
     * @throws GgufFormatException  if the file is not a valid GGUF v2/v3 file: wrong magic, unsupported version,
     *                              truncated, absurd counts or lengths, unknown value types, more than 4 tensor
     *                              dimensions, tensor data outside the file, ...; the message starts with the path
     * @throws IOException          on other I/O errors
     */
    public static GgufFile read(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new FileProblem.NotFound(path, e);
        }
        if (!attrs.isRegularFile()) {
            throw new FileProblem.NotRegular(path, attrs.isDirectory() ? "a directory" : "not a regular file");
        }
        if (!Files.isReadable(path)) {
            throw new FileProblem.NotReadable(path, null);
        }
        long size = attrs.size();
        GgufReader reader;
        try (InputStream in = Files.newInputStream(path)) {
            reader = new GgufReader(path, in, size);
            reader.read();
        } catch (NoSuchFileException e) {
            throw new FileProblem.NotFound(path, e);
        } catch (AccessDeniedException e) {
            throw new FileProblem.NotReadable(path, e);
        }
        return new GgufFile(path, reader, size);
    }

    /** @return the path the file was read from */
    public Path path() {
        return path;
    }

    /** @return the GGUF format version, 2 or 3 */
    public int version() {
        return version;
    }

    /** @return the number of tensors (0 for a vocabulary-only file) */
    public long tensorCount() {
        return tensorCount;
    }

    /** @return all metadata entries in file order; unmodifiable. See the class comment for the value types. */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /** @return the string value of {@code key}, or empty if absent or not a string */
    public Optional<String> getString(String key) {
        return metadata.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** @return the integer value of {@code key} (any GGUF integer type), or empty if absent or not an integer */
    public OptionalLong getLong(String key) {
        return metadata.get(key) instanceof Long l ? OptionalLong.of(l) : OptionalLong.empty();
    }

    /** @return the bool value of {@code key}, or empty if absent or not a bool */
    public Optional<Boolean> getBoolean(String key) {
        return metadata.get(key) instanceof Boolean b ? Optional.of(b) : Optional.empty();
    }

    /**
     * @return the floating-point value of {@code key}; an integer value is converted; empty if absent or not
     *         a number
     */
    public OptionalDouble getDouble(String key) {
        Object v = metadata.get(key);
        if (v instanceof Double d) {
            return OptionalDouble.of(d);
        }
        return v instanceof Long l ? OptionalDouble.of(l) : OptionalDouble.empty();
    }

    /** @return the tensor descriptions in file order; unmodifiable */
    public List<GgufTensorInfo> tensors() {
        return tensors;
    }

    /** @return the data alignment in bytes: {@code general.alignment}, or 32 */
    public long alignment() {
        return alignment;
    }

    /**
     * @return the absolute file offset of the tensor data section (the end of the tensor infos rounded up to the
     *         alignment); tensor offsets are relative to it
     */
    public long dataOffset() {
        return dataOffset;
    }

    /** @return the file size in bytes when it was read */
    public long fileSize() {
        return fileSize;
    }

    @Override
    public String toString() {
        return "GgufFile[" + path + ", v" + version + ", " + metadata.size() + " keys, " + tensorCount + " tensors, "
                + fileSize + " bytes]";
    }

    /** The file-level failures, with messages naming the path. */
    private static final class FileProblem {

        private FileProblem() {}

        static final class NotFound extends NoSuchFileException {
            private static final long serialVersionUID = 1L;

            NotFound(Path path, Throwable cause) {
                super(path.toString());
                initCause(cause);
            }

            @Override
            public String getMessage() {
                return "model file not found: " + getFile();
            }
        }

        static final class NotRegular extends FileSystemException {
            private static final long serialVersionUID = 1L;
            private final String what;

            NotRegular(Path path, String what) {
                super(path.toString());
                this.what = what;
            }

            @Override
            public String getMessage() {
                return "model file is " + what + ", not a regular file: " + getFile();
            }
        }

        static final class NotReadable extends AccessDeniedException {
            private static final long serialVersionUID = 1L;

            NotReadable(Path path, Throwable cause) {
                super(path.toString());
                if (cause != null) {
                    initCause(cause);
                }
            }

            @Override
            public String getMessage() {
                return "model file is not readable: " + getFile();
            }
        }
    }
}
