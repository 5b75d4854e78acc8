package io.github.camelllm.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken and hostile files must fail with a {@link GgufFormatException} (or a file-level IOException). */
class GgufCorruptionTest {

    /** Header (24 bytes) of stories260K, then the first key: "tokenizer.ggml.tokens", an array of strings. */
    static final int FIRST_KEY_LENGTH = 24;

    static final int FIRST_KEY = 32;
    static final int FIRST_VALUE_TYPE = FIRST_KEY + "tokenizer.ggml.tokens".length();
    static final int FIRST_ARRAY_TYPE = FIRST_VALUE_TYPE + 4;
    static final int FIRST_ARRAY_COUNT = FIRST_ARRAY_TYPE + 4;

    @TempDir
    Path tmp;

    private Path write(String name, byte[] content) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, content);
        return p;
    }

    /** Asserts that reading fails with exactly a GgufFormatException whose message starts with the path. */
    private static GgufFormatException assertFormatError(Path p) {
        try {
            GgufFile f = GgufFile.read(p);
            fail("expected a GgufFormatException for " + p + " but read " + f);
            return null;
        } catch (GgufFormatException e) {
            assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
            assertEquals(p, e.path());
            return e;
        } catch (Throwable t) {
            throw new AssertionError("expected a GgufFormatException for " + p + " but got " + t, t);
        }
    }

    private static void assertMessageContains(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should contain '" + part + "'");
        }
    }

    @Test
    void storiesLayoutAssumedByTheseTests() {
        byte[] b = GgufTestFiles.storiesBytes();
        assertEquals("tokenizer.ggml.tokens".length(), GgufTestFiles.getU64(b, FIRST_KEY_LENGTH));
        assertEquals(GgufReader.ARRAY, b[FIRST_VALUE_TYPE]);
        assertEquals(GgufReader.STRING, b[FIRST_ARRAY_TYPE]);
        assertEquals(512, GgufTestFiles.getU64(b, FIRST_ARRAY_COUNT));
    }

    @Test
    void truncatedEveryKibOfTheFirst64KibAndInsideTheTensorInfos() throws Exception {
        for (String resource : List.of(
                GgufTestFiles.STORIES_RESOURCE,
                "gguf/llama-2-tiny-random.gguf",
                "gguf/ggml-vocab-phi-3.gguf",
                "gguf/ggml-vocab-bert-bge.gguf")) {
            byte[] full = GgufTestFiles.bytes(resource);
            TreeSet<Integer> cuts = new TreeSet<>();
            for (int i = 0; i <= 40; i++) {
                cuts.add(i); // every byte of the header and the first key
            }
            for (int i = 1024; i <= 64 * 1024; i += 1024) {
                cuts.add(i);
                cuts.add(i - 1);
            }
            if (resource.equals(GgufTestFiles.STORIES_RESOURCE)) {
                int infos = GgufTestFiles.indexOfGgufString(full, "token_embd.weight");
                for (int i = infos - 64; i < infos + 400; i += 3) {
                    cuts.add(i); // the end of the metadata and the first tensor infos
                }
                cuts.add((int) GgufFile.read(write("full.gguf", full)).dataOffset());
                cuts.add(full.length - 1);
            }
            for (int cut : cuts) {
                if (cut >= full.length) {
                    continue;
                }
                Path p = write("cut.gguf", Arrays.copyOf(full, cut));
                GgufFormatException e = assertFormatError(p);
                if (cut < 4) {
                    assertMessageContains(e, cut == 0 ? "empty file" : "not a GGUF file");
                }
            }
        }
    }

    @Test
    void truncationMessageSaysWhereAndWhat() throws Exception {
        byte[] full = GgufTestFiles.storiesBytes();
        GgufFormatException e = assertFormatError(write("a.gguf", Arrays.copyOf(full, 10)));
        assertMessageContains(e, "truncated at byte 8", "header", "tensor count");

        e = assertFormatError(write("b.gguf", Arrays.copyOf(full, 100)));
        assertMessageContains(e, "truncated at byte 24: the header announces 19 metadata entries and 48 tensor infos");

        // the token array (key #0) announces 512 strings, at least 4096 bytes
        e = assertFormatError(write("c.gguf", Arrays.copyOf(full, 2000)));
        assertMessageContains(
                e, "truncated at byte", "metadata key #0 'tokenizer.ggml.tokens' value", "512 STRING elements");

        // inside the strings of the token array
        e = assertFormatError(write("d.gguf", Arrays.copyOf(full, 5003)));
        assertMessageContains(e, "truncated at byte", "metadata key #0 'tokenizer.ggml.tokens' value element #");

        int infos = GgufTestFiles.indexOfGgufString(full, "output_norm.weight");
        e = assertFormatError(write("e.gguf", Arrays.copyOf(full, infos + 28)));
        assertMessageContains(e, "truncated at byte " + (infos + 26), "tensor info #1 'output_norm.weight'", "n_dims");
    }

    @Test
    void tensorDataPastTheEndOfTheFile() throws Exception {
        byte[] full = GgufTestFiles.storiesBytes();
        GgufFormatException e = assertFormatError(write("tail.gguf", Arrays.copyOf(full, full.length - 100)));
        assertMessageContains(e, "blk.4.ffn_norm.weight", "extends past the end of the file", "truncated");
        e = assertFormatError(write("half.gguf", Arrays.copyOf(full, full.length / 2)));
        assertMessageContains(e, "extends past the end of the file");
    }

    @Test
    void wrongMagic() throws Exception {
        byte[] zip = {0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        GgufFormatException e = assertFormatError(write("model.gguf", zip));
        assertEquals(
                tmp.resolve("model.gguf") + ": not a GGUF file: starts with 0x50 0x4B 0x03 0x04,"
                        + " expected 'GGUF' (this looks like a ZIP archive, e.g. a PyTorch or safetensors checkpoint)",
                e.getMessage());

        byte[] b = GgufTestFiles.storiesBytes();
        b[3] = 'G';
        e = assertFormatError(write("ggug.gguf", b));
        assertMessageContains(e, "starts with 0x47 0x47 0x55 0x47, expected 'GGUF'");

        e = assertFormatError(write("short.gguf", new byte[] {'G', 'G'}));
        assertMessageContains(e, "not a GGUF file", "only 2 bytes");

        e = assertFormatError(write("text.gguf", "hello world".getBytes()));
        assertMessageContains(e, "0x68 0x65 0x6C 0x6C");
    }

    @Test
    void emptyFile() throws Exception {
        GgufFormatException e = assertFormatError(write("empty.gguf", new byte[0]));
        assertMessageContains(e, "empty file");
    }

    @Test
    void unsupportedVersions() throws Exception {
        byte[] b = GgufTestFiles.storiesBytes();
        GgufTestFiles.putU32(b, 4, 1);
        assertMessageContains(assertFormatError(write("v1.gguf", b)), "GGUF version 1 is not supported");
        GgufTestFiles.putU32(b, 4, 99);
        assertMessageContains(assertFormatError(write("v99.gguf", b)), "unsupported GGUF version 99");
        GgufTestFiles.putU32(b, 4, 0);
        assertMessageContains(assertFormatError(write("v0.gguf", b)), "unsupported GGUF version 0");
        GgufTestFiles.putU32(b, 4, 0x0300_0000L);
        assertMessageContains(assertFormatError(write("be.gguf", b)), "big-endian");
        GgufTestFiles.putU32(b, 4, 2);
        assertEquals(2, GgufFile.read(write("v2.gguf", b)).version(), "v2 has the same layout as v3");
    }

    @Test
    void hugeKeyLength() throws Exception {
        byte[] b = GgufTestFiles.storiesBytes();
        GgufTestFiles.putU64(b, FIRST_KEY_LENGTH, 1L << 62);
        GgufFormatException e = assertFormatError(write("key.gguf", b));
        assertMessageContains(e, "metadata key #0", "length 4611686018427387904", "bytes left in the file");
        GgufTestFiles.putU64(b, FIRST_KEY_LENGTH, -1L);
        assertMessageContains(assertFormatError(write("key2.gguf", b)), "length 18446744073709551615");
        GgufTestFiles.putU64(b, FIRST_KEY_LENGTH, 100_000);
        assertMessageContains(assertFormatError(write("key3.gguf", b)), "exceeds the limit of 65536");
    }

    @Test
    void hugeArrayCount() throws Exception {
        byte[] b = GgufTestFiles.storiesBytes();
        GgufTestFiles.putU64(b, FIRST_ARRAY_COUNT, 1L << 40);
        assertMessageContains(assertFormatError(write("arr.gguf", b)), "array count 1099511627776 exceeds");
        // below the absolute limit, but far more than the file could hold
        GgufTestFiles.putU64(b, FIRST_ARRAY_COUNT, 50_000_000);
        assertMessageContains(
                assertFormatError(write("arr2.gguf", b)), "50000000 STRING elements", "needs at least 400000000 bytes");
        GgufTestFiles.putU64(b, FIRST_ARRAY_COUNT, -1L);
        assertMessageContains(assertFormatError(write("arr3.gguf", b)), "18446744073709551615");
    }

    @Test
    void hugeStringLengthInsideAnArray() throws Exception {
        byte[] b = GgufTestFiles.storiesBytes();
        int firstToken = FIRST_ARRAY_COUNT + 8;
        GgufTestFiles.putU64(b, firstToken, Long.MAX_VALUE);
        assertMessageContains(assertFormatError(write("s.gguf", b)), "element #0", "exceeds the");
    }

    @Test
    void hugeCountsInTheHeader() throws Exception {
        byte[] b = GgufTestFiles.storiesBytes();
        GgufTestFiles.putU64(b, 8, 1L << 40);
        assertMessageContains(assertFormatError(write("t.gguf", b)), "tensor count 1099511627776 exceeds");
        b = GgufTestFiles.storiesBytes();
        GgufTestFiles.putU64(b, 16, -5L);
        assertMessageContains(assertFormatError(write("kv.gguf", b)), "metadata key/value count", "exceeds");
        b = GgufTestFiles.storiesBytes();
        GgufTestFiles.putU64(b, 16, 900_000);
        assertMessageContains(assertFormatError(write("kv2.gguf", b)), "truncated", "900000 metadata entries");
        b = GgufTestFiles.storiesBytes();
        GgufTestFiles.putU64(b, 16, 20); // one more key than there is: the first tensor info is read as a key
        assertFormatError(write("kv3.gguf", b));
    }

    @Test
    void unknownValueType() throws Exception {
        byte[] b = GgufTestFiles.storiesBytes();
        GgufTestFiles.putU32(b, FIRST_VALUE_TYPE, 42);
        GgufFormatException e = assertFormatError(write("type.gguf", b));
        assertMessageContains(
                e, "unknown value type 42", "at byte " + FIRST_VALUE_TYPE, "metadata key #0 'tokenizer.ggml.tokens'");
        b = GgufTestFiles.storiesBytes();
        GgufTestFiles.putU32(b, FIRST_ARRAY_TYPE, 13);
        assertMessageContains(assertFormatError(write("type2.gguf", b)), "unknown value type 13");
    }

    @Test
    void tooManyDimensions() throws Exception {
        byte[] b = GgufTestFiles.storiesBytes();
        int nDims = GgufTestFiles.indexOfGgufString(b, "token_embd.weight") + 8 + "token_embd.weight".length();
        assertEquals(2, b[nDims]);
        GgufTestFiles.putU32(b, nDims, 7);
        GgufFormatException e = assertFormatError(write("dims.gguf", b));
        assertMessageContains(e, "tensor 'token_embd.weight' has 7 dimensions, at most 4");
        GgufTestFiles.putU32(b, nDims, 0xFFFF_FFFFL);
        assertMessageContains(assertFormatError(write("dims2.gguf", b)), "4294967295 dimensions");
    }

    @Test
    void badTensorDimensionsTypesAndOffsets() throws Exception {
        byte[] orig = GgufTestFiles.storiesBytes();
        int info = GgufTestFiles.indexOfGgufString(orig, "token_embd.weight") + 8 + "token_embd.weight".length();
        int dim0 = info + 4;
        int type = dim0 + 16;
        int offset = type + 4;

        byte[] b = orig.clone();
        GgufTestFiles.putU64(b, dim0, -1L);
        assertMessageContains(assertFormatError(write("d.gguf", b)), "invalid dimension");
        b = orig.clone();
        GgufTestFiles.putU64(b, dim0, 1L << 40);
        GgufTestFiles.putU64(b, dim0 + 8, 1L << 40);
        assertMessageContains(assertFormatError(write("d2.gguf", b)), "too many elements");
        b = orig.clone();
        GgufTestFiles.putU32(b, type, 12); // Q4_K needs rows of 256: 64 is not a multiple
        assertMessageContains(assertFormatError(write("q.gguf", b)), "not a multiple of the block size 256");
        b = orig.clone();
        GgufTestFiles.putU64(b, offset, 4);
        assertMessageContains(assertFormatError(write("o.gguf", b)), "not a multiple of the alignment 32");
        b = orig.clone();
        GgufTestFiles.putU64(b, offset, 256);
        assertMessageContains(assertFormatError(write("o2.gguf", b)), "overlap");
        b = orig.clone();
        GgufTestFiles.putU64(b, offset, Long.MIN_VALUE);
        assertMessageContains(assertFormatError(write("o3.gguf", b)), "invalid data offset");
        b = orig.clone();
        GgufTestFiles.putU64(b, offset, Long.MAX_VALUE - 31);
        assertMessageContains(assertFormatError(write("o4.gguf", b)), "extends past the end of the file");
    }

    @Test
    void unknownTensorTypeIsKept() throws Exception {
        byte[] b = GgufTestFiles.storiesBytes();
        int type = GgufTestFiles.indexOfGgufString(b, "output_norm.weight") + 8 + "output_norm.weight".length() + 4 + 8;
        GgufTestFiles.putU32(b, type, 99);
        GgufFile f = GgufFile.read(write("unknown-type.gguf", b));
        GgufTensorInfo t = f.tensors().get(1);
        assertEquals("output_norm.weight", t.name());
        assertEquals(99, t.typeId());
        assertEquals("UNKNOWN(99)", t.typeName());
        assertEquals(-1, t.byteSize());
        assertEquals(64, t.elementCount());
        GgufModelInfo m = GgufModelInfo.of(f);
        assertEquals(f.fileSize() - f.dataOffset(), m.estimatedWeightsBytes());
        assertEquals(292_800, m.parameterCount());
    }

    @Test
    void directoryMissingFileAndUnreadableFile() throws Exception {
        FileSystemException dir = assertThrows(FileSystemException.class, () -> GgufFile.read(tmp));
        assertEquals("model file is a directory, not a regular file: " + tmp, dir.getMessage());
        assertEquals(tmp.toString(), dir.getFile());

        Path missing = tmp.resolve("no/such/model.gguf");
        NoSuchFileException nf = assertThrows(NoSuchFileException.class, () -> GgufFile.read(missing));
        assertEquals("model file not found: " + missing, nf.getMessage());
        assertEquals(missing.toString(), nf.getFile());

        Path unreadable = unreadableRegularFile();
        assertTrue(Files.isRegularFile(unreadable) && !Files.isReadable(unreadable), unreadable.toString());
        AccessDeniedException ad = assertThrows(AccessDeniedException.class, () -> GgufFile.read(unreadable));
        assertEquals("model file is not readable: " + unreadable, ad.getMessage());
        assertEquals(unreadable.toString(), ad.getFile());
    }

    /** Write-only kernel settings (mode 0200): the kernel refuses to read them even for root. */
    static final List<String> WRITE_ONLY_KERNEL_FILES =
            List.of("/proc/sys/vm/drop_caches", "/proc/sys/vm/compact_memory", "/proc/sys/net/ipv4/route/flush");

    /**
     * A regular file this process cannot read: a model file without read permission, or, when the process reads
     * any file whatever its permissions (root), a write-only kernel setting.
     */
    private Path unreadableRegularFile() throws IOException {
        Path locked = write("locked.gguf", GgufTestFiles.storiesBytes());
        if (locked.toFile().setReadable(false, false) && !Files.isReadable(locked)) {
            return locked;
        }
        for (String candidate : WRITE_ONLY_KERNEL_FILES) {
            Path p = Path.of(candidate);
            if (Files.isRegularFile(p) && !Files.isReadable(p)) {
                return p;
            }
        }
        return fail("no unreadable regular file on this system: " + locked + " stays readable without read"
                + " permission and none of " + WRITE_ONLY_KERNEL_FILES + " is an unreadable regular file");
    }

    @Test
    void randomMutationsOfTheHeaderRegion() throws Exception {
        byte[] orig = GgufTestFiles.storiesBytes();
        int headerEnd = (int) GgufFile.read(write("orig.gguf", orig)).dataOffset();
        Random random = new Random(20240611L);
        Path p = tmp.resolve("fuzz.gguf");
        int ok = 0;
        List<String> failures = new ArrayList<>();
        for (int iteration = 0; iteration < 300; iteration++) {
            byte[] b = orig.clone();
            int mutations = 1 + random.nextInt(6);
            for (int m = 0; m < mutations; m++) {
                // bias towards the header, first keys and tensor infos where lengths and counts live
                int region = random.nextInt(4);
                int at = switch (region) {
                    case 0 -> random.nextInt(64);
                    case 1 -> headerEnd - 1 - random.nextInt(Math.min(headerEnd, 4000));
                    default -> random.nextInt(headerEnd);
                };
                switch (random.nextInt(4)) {
                    case 0 -> b[at] = (byte) random.nextInt(256);
                    case 1 -> b[at] ^= (byte) (1 << random.nextInt(8));
                    case 2 -> {
                        if (at + 8 <= b.length) {
                            GgufTestFiles.putU64(b, at, random.nextLong() >>> random.nextInt(64));
                        }
                    }
                    default -> b[at] = (byte) (random.nextBoolean() ? 0xFF : 0);
                }
            }
            int length = random.nextInt(5) == 0 ? random.nextInt(b.length) : b.length;
            Files.write(p, Arrays.copyOf(b, length));
            try {
                GgufFile f = GgufFile.read(p);
                GgufModelInfo.of(f).summary(); // derived information must not fail either
                ok++;
            } catch (GgufFormatException e) {
                if (!e.getMessage().startsWith(p + ": ")) {
                    failures.add("#" + iteration + ": " + e.getMessage());
                }
            } catch (Throwable t) {
                failures.add("#" + iteration + ": " + t);
            }
        }
        assertTrue(failures.isEmpty(), failures.toString());
        assertTrue(ok > 0 && ok < 300, "some mutations should be harmless (e.g. inside strings), some fatal: " + ok);
    }
}
