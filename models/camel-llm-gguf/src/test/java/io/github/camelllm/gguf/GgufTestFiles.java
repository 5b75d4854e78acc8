package io.github.camelllm.gguf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Test fixtures: the real GGUF files and byte-level helpers. */
final class GgufTestFiles {

    static final String STORIES_RESOURCE = "io/github/camelllm/models/bundled/stories260K.gguf";

    private GgufTestFiles() {}

    /** Copies a classpath resource to {@code dir} and returns the copy (writable, unlike the source files). */
    static Path copyResource(String resource, Path dir) {
        String fileName = resource.substring(resource.lastIndexOf('/') + 1);
        Path target = dir.resolve(fileName);
        try (InputStream in = GgufTestFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    static Path stories(Path dir) {
        return copyResource(STORIES_RESOURCE, dir);
    }

    static Path fixture(String name, Path dir) {
        return copyResource("gguf/" + name, dir);
    }

    static byte[] bytes(String resource) {
        try (InputStream in = GgufTestFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] storiesBytes() {
        return bytes(STORIES_RESOURCE);
    }

    static void putU32(byte[] b, int off, long v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    static void putU64(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    static long getU64(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[off + i] & 0xFFL);
        }
        return v;
    }

    /** @return the offset of the first occurrence of a GGUF string (u64 length + bytes) with this text */
    static int indexOfGgufString(byte[] b, String s) {
        byte[] text = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] needle = new byte[8 + text.length];
        putU64(needle, 0, text.length);
        System.arraycopy(text, 0, needle, 8, text.length);
        outer:
        for (int i = 0; i + needle.length <= b.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found: " + s);
    }
}
