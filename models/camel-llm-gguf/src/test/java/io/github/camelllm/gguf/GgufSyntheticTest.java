package io.github.camelllm.gguf;

import static io.github.camelllm.gguf.GgufReader.ARRAY;
import static io.github.camelllm.gguf.GgufReader.BOOL;
import static io.github.camelllm.gguf.GgufReader.FLOAT32;
import static io.github.camelllm.gguf.GgufReader.FLOAT64;
import static io.github.camelllm.gguf.GgufReader.INT16;
import static io.github.camelllm.gguf.GgufReader.INT32;
import static io.github.camelllm.gguf.GgufReader.INT64;
import static io.github.camelllm.gguf.GgufReader.INT8;
import static io.github.camelllm.gguf.GgufReader.STRING;
import static io.github.camelllm.gguf.GgufReader.UINT16;
import static io.github.camelllm.gguf.GgufReader.UINT32;
import static io.github.camelllm.gguf.GgufReader.UINT64;
import static io.github.camelllm.gguf.GgufReader.UINT8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synthetic files for the value types and model-info rules the real fixtures do not cover. */
class GgufSyntheticTest {

    @TempDir
    Path tmp;

    private Path write(GgufTestWriter w) throws IOException {
        Path p = Files.createTempFile(tmp, "synthetic", ".gguf");
        Files.write(p, w.toBytes());
        return p;
    }

    private GgufFile read(GgufTestWriter w) throws IOException {
        return GgufFile.read(write(w));
    }

    private GgufFormatException fails(GgufTestWriter w) throws IOException {
        Path p = write(w);
        GgufFormatException e = assertThrows(GgufFormatException.class, () -> GgufFile.read(p));
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        return e;
    }

    @Test
    void allScalarValueTypes() throws Exception {
        GgufTestWriter w = new GgufTestWriter()
                .header(3, 0, 13)
                .key("u8", UINT8)
                .u8(255)
                .key("i8", INT8)
                .u8(0x80)
                .key("u16", UINT16)
                .u16(0xFFFF)
                .key("i16", INT16)
                .u16(0x8000)
                .key("u32", UINT32)
                .u32(0xFFFF_FFFFL)
                .key("i32", INT32)
                .u32(0xFFFF_FFFEL)
                .key("f32", FLOAT32)
                .f32(1.5f)
                .key("bool", BOOL)
                .u8(1)
                .key("str", STRING)
                .str("h\u00e9llo \u2713 \uD83D\uDE00")
                .key("u64", UINT64)
                .u64(-1L)
                .key("i64", INT64)
                .u64(Long.MIN_VALUE)
                .key("f64", FLOAT64)
                .f64(-0.25)
                .key("empty", STRING)
                .str("");
        GgufFile f = read(w);
        assertEquals(3, f.version());
        assertEquals(13, f.metadata().size());
        assertEquals(
                List.of("u8", "i8", "u16", "i16", "u32", "i32", "f32", "bool", "str", "u64", "i64", "f64", "empty"),
                List.copyOf(f.metadata().keySet()),
                "insertion order");
        assertEquals(OptionalLong.of(255), f.getLong("u8"));
        assertEquals(OptionalLong.of(-128), f.getLong("i8"));
        assertEquals(OptionalLong.of(65535), f.getLong("u16"));
        assertEquals(OptionalLong.of(-32768), f.getLong("i16"));
        assertEquals(OptionalLong.of(4294967295L), f.getLong("u32"));
        assertEquals(OptionalLong.of(-2), f.getLong("i32"));
        assertEquals(OptionalDouble.of(1.5), f.getDouble("f32"));
        assertEquals(Optional.of(true), f.getBoolean("bool"));
        assertEquals(Optional.of("h\u00e9llo \u2713 \uD83D\uDE00"), f.getString("str"));
        assertEquals(OptionalLong.of(-1L), f.getLong("u64"), "UINT64 max keeps its bits");
        assertEquals(
                "18446744073709551615", Long.toUnsignedString(f.getLong("u64").orElseThrow()));
        assertEquals(OptionalLong.of(Long.MIN_VALUE), f.getLong("i64"));
        assertEquals(OptionalDouble.of(-0.25), f.getDouble("f64"));
        assertEquals(Optional.of(""), f.getString("empty"));
        assertEquals(OptionalDouble.of(255), f.getDouble("u8"), "integers convert to double");
        // wrong types and absent keys are empty, never exceptions
        assertEquals(OptionalLong.empty(), f.getLong("str"));
        assertEquals(Optional.empty(), f.getString("u8"));
        assertEquals(Optional.empty(), f.getBoolean("u8"));
        assertEquals(OptionalDouble.empty(), f.getDouble("bool"));
        assertEquals(OptionalLong.empty(), f.getLong("nope"));
        assertTrue(f.metadata().get("u8") instanceof Long);
        assertTrue(f.metadata().get("f32") instanceof Double);
    }

    @Test
    void arraysOfEveryTypeAndNestedArrays() throws Exception {
        GgufTestWriter w = new GgufTestWriter()
                .header(3, 0, 9)
                .key("a.u8", ARRAY)
                .u32(UINT8)
                .u64(2)
                .u8(1)
                .u8(255)
                .key("a.i16", ARRAY)
                .u32(INT16)
                .u64(2)
                .u16(0xFFFF)
                .u16(7)
                .key("a.u32", ARRAY)
                .u32(UINT32)
                .u64(1)
                .u32(0xFFFF_FFFFL)
                .key("a.i64", ARRAY)
                .u32(INT64)
                .u64(2)
                .u64(-3)
                .u64(4)
                .key("a.f32", ARRAY)
                .u32(FLOAT32)
                .u64(2)
                .f32(0.5f)
                .f32(-2f)
                .key("a.f64", ARRAY)
                .u32(FLOAT64)
                .u64(1)
                .f64(3.25)
                .key("a.bool", ARRAY)
                .u32(BOOL)
                .u64(3)
                .u8(1)
                .u8(0)
                .u8(1)
                .key("a.nested", ARRAY)
                .u32(ARRAY)
                .u64(2)
                .u32(STRING)
                .u64(2)
                .str("x")
                .str("y")
                .u32(UINT16)
                .u64(0)
                .key("a.empty", ARRAY)
                .u32(STRING)
                .u64(0);
        GgufFile f = read(w);
        assertEquals(List.of(1L, 255L), f.metadata().get("a.u8"));
        assertEquals(List.of(-1L, 7L), f.metadata().get("a.i16"));
        assertEquals(List.of(4294967295L), f.metadata().get("a.u32"));
        assertEquals(List.of(-3L, 4L), f.metadata().get("a.i64"));
        assertEquals(List.of(0.5, -2.0), f.metadata().get("a.f32"));
        assertEquals(List.of(3.25), f.metadata().get("a.f64"));
        assertEquals(List.of(true, false, true), f.metadata().get("a.bool"));
        assertEquals(List.of(List.of("x", "y"), List.of()), f.metadata().get("a.nested"));
        assertEquals(List.of(), f.metadata().get("a.empty"));
        List<?> u8 = (List<?>) f.metadata().get("a.u8");
        assertThrows(IndexOutOfBoundsException.class, () -> u8.get(2));
        assertEquals(OptionalLong.empty(), f.getLong("a.u8"), "an array is not a long");
    }

    @Test
    void arraysNestedTooDeep() throws Exception {
        GgufTestWriter w = new GgufTestWriter().header(3, 0, 1).key("deep", ARRAY);
        for (int i = 0; i < 20; i++) {
            w.u32(ARRAY).u64(1);
        }
        w.u32(UINT8).u64(0).zeros(64);
        GgufFormatException e = fails(w);
        assertTrue(e.getMessage().contains("nested more than 8 deep"), e.getMessage());
    }

    @Test
    void duplicateKeysAndTensorNames() throws Exception {
        GgufFormatException e =
                fails(new GgufTestWriter().header(3, 0, 2).kvU32("a", 1).kvU32("a", 2));
        assertTrue(e.getMessage().contains("duplicate metadata key 'a'"), e.getMessage());

        GgufTestWriter w = new GgufTestWriter()
                .header(3, 2, 0)
                .tensor("t", 0, 0, 8)
                .tensor("t", 0, 32, 8)
                .align(32)
                .zeros(64);
        e = fails(w);
        assertTrue(e.getMessage().contains("duplicate tensor name 't'"), e.getMessage());
    }

    @Test
    void customAlignmentAndQuantizedSizes() throws Exception {
        GgufTestWriter w = new GgufTestWriter()
                .header(3, 3, 1)
                .kvU32("general.alignment", 64)
                .tensor("q4k", 12, 0, 256, 2) // 2 blocks of 144 bytes
                .tensor("q8", 8, 320, 64) // 2 blocks of 34 bytes
                .tensor("i8", 24, 448, 3);
        w.align(64);
        int dataStart = w.size();
        w.zeros(448 + 3);
        GgufFile f = read(w);
        assertEquals(64, f.alignment());
        assertEquals(dataStart, f.dataOffset());
        assertEquals(288, f.tensors().get(0).byteSize());
        assertEquals("Q4_K", f.tensors().get(0).typeName());
        assertEquals(68, f.tensors().get(1).byteSize());
        assertEquals("Q8_0", f.tensors().get(1).typeName());
        assertEquals(3, f.tensors().get(2).byteSize());
        GgufModelInfo m = GgufModelInfo.of(f);
        assertEquals(512 + 64 + 3, m.parameterCount());
        assertEquals(288 + 68 + 3, m.estimatedWeightsBytes());
        assertEquals("Q4_K", m.fileTypeName(), "no general.file_type: the type with the most elements");
    }

    @Test
    void invalidAlignment() throws Exception {
        GgufFormatException e = fails(new GgufTestWriter().header(3, 0, 1).kvU32("general.alignment", 48));
        assertTrue(e.getMessage().contains("power of two"), e.getMessage());
        e = fails(new GgufTestWriter().header(3, 0, 1).kvU32("general.alignment", 0));
        assertTrue(e.getMessage().contains("power of two"), e.getMessage());
        e = fails(new GgufTestWriter().header(3, 0, 1).kvString("general.alignment", "32"));
        assertTrue(e.getMessage().contains("must be an integer"), e.getMessage());
    }

    @Test
    void stringLongerThan16MiBIsRejectedBeforeAllocation() throws Exception {
        GgufTestWriter w =
                new GgufTestWriter().header(3, 0, 1).key("big", STRING).u64(17L * 1024 * 1024);
        Path p = write(w);
        try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw")) {
            raf.setLength(18L * 1024 * 1024); // sparse: the bytes are there, but the limit applies
        }
        GgufFormatException e = assertThrows(GgufFormatException.class, () -> GgufFile.read(p));
        assertTrue(e.getMessage().contains("exceeds the limit of 16777216 bytes"), e.getMessage());
    }

    @Test
    void largeStringWithinTheLimitIsReadAcrossTheBuffer() throws Exception {
        String big = "x".repeat(200_000) + "\u00e9";
        GgufFile f =
                read(new GgufTestWriter().header(3, 0, 2).kvString("big", big).kvU32("after", 7));
        assertEquals(Optional.of(big), f.getString("big"));
        assertEquals(OptionalLong.of(7), f.getLong("after"));
    }

    @Test
    void largeTokenList() throws Exception {
        String[] tokens = new String[150_000];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = "tok" + i;
        }
        GgufFile f = read(new GgufTestWriter()
                .header(3, 0, 4)
                .kvString("general.architecture", "gpt2x")
                .kvString("tokenizer.ggml.model", "gpt2")
                .kvStringArray("tokenizer.ggml.tokens", tokens)
                .kvU32("tokenizer.ggml.eos_token_id", 149_999));
        GgufModelInfo m = GgufModelInfo.of(f);
        assertEquals(150_000, m.vocabSize());
        assertEquals(Optional.of("tok149999"), m.eosToken());
        assertEquals(Optional.empty(), m.bosToken());
        assertFalse(m.addBosToken(), "gpt2 (BPE) does not add BOS by default");
        assertEquals("", m.name());
        assertEquals("", m.fileTypeName());
    }

    @Test
    void tokenIdOutsideTheVocabulary() throws Exception {
        GgufFile f = read(new GgufTestWriter()
                .header(3, 0, 2)
                .kvStringArray("tokenizer.ggml.tokens", "a", "b")
                .kvU32("tokenizer.ggml.bos_token_id", 0xFFFF_FFFFL));
        GgufModelInfo m = GgufModelInfo.of(f);
        assertEquals(OptionalLong.of(0xFFFF_FFFFL), m.bosTokenId());
        assertEquals(Optional.empty(), m.bosToken());
        assertEquals("", m.architecture());
        assertEquals(OptionalLong.empty(), m.contextLength());
        assertTrue(m.summary().startsWith("unknown architecture"), m.summary());
    }

    @Test
    void embeddingModelDetection() throws Exception {
        GgufModelInfo pooled = GgufModelInfo.of(read(new GgufTestWriter()
                .header(3, 0, 2)
                .kvString("general.architecture", "qwen3")
                .kvU32("qwen3.pooling_type", 1)));
        assertTrue(pooled.isEmbeddingModel());
        assertEquals(OptionalLong.of(1), pooled.poolingType());

        GgufModelInfo nomic = GgufModelInfo.of(
                read(new GgufTestWriter().header(3, 0, 1).kvString("general.architecture", "nomic-bert")));
        assertTrue(nomic.isEmbeddingModel());

        GgufModelInfo nonCausal = GgufModelInfo.of(read(new GgufTestWriter()
                .header(3, 0, 2)
                .kvString("general.architecture", "gemma-embed")
                .key("gemma-embed.attention.causal", BOOL)
                .u8(0)));
        assertTrue(nonCausal.isEmbeddingModel());

        GgufModelInfo causal = GgufModelInfo.of(read(new GgufTestWriter()
                .header(3, 0, 2)
                .kvString("general.architecture", "llama")
                .key("llama.attention.causal", BOOL)
                .u8(1)));
        assertFalse(causal.isEmbeddingModel());
        assertEquals(OptionalLong.empty(), causal.poolingType());
    }

    @Test
    void fileTypeNames() throws Exception {
        long[][] cases = {{0}, {1}, {2}, {7}, {10}, {15}, {18}, {30}, {32}, {36}, {37}, {99}};
        String[] names = {
            "F32", "F16", "Q4_0", "Q8_0", "Q2_K", "Q4_K_M", "Q6_K", "IQ4_XS", "BF16", "TQ1_0", "TQ2_0", "UNKNOWN(99)"
        };
        for (int i = 0; i < cases.length; i++) {
            GgufModelInfo m = GgufModelInfo.of(
                    read(new GgufTestWriter().header(3, 0, 1).kvU32("general.file_type", cases[i][0])));
            assertEquals(OptionalLong.of(cases[i][0]), m.fileType());
            assertEquals(names[i], m.fileTypeName());
        }
    }

    @Test
    void humanCounts() {
        assertEquals("0", GgufModelInfo.humanCount(0));
        assertEquals("999", GgufModelInfo.humanCount(999));
        assertEquals("1.0K", GgufModelInfo.humanCount(1000));
        assertEquals("292.8K", GgufModelInfo.humanCount(292_800));
        assertEquals("1.0M", GgufModelInfo.humanCount(999_990));
        assertEquals("7.2M", GgufModelInfo.humanCount(7_240_000));
        assertEquals("1.2B", GgufModelInfo.humanCount(1_235_814_400));
        assertEquals("70.6B", GgufModelInfo.humanCount(70_553_706_496L));
    }

    @Test
    void tensorInfoRecordIsValueBasedAndDefensive() {
        long[] dims = {4, 2};
        GgufTensorInfo a = new GgufTensorInfo("w", dims, 0, "F32", 0, 32);
        dims[0] = 99;
        assertArrayEquals(new long[] {4, 2}, a.dims());
        a.dims()[0] = 99;
        assertArrayEquals(new long[] {4, 2}, a.dims());
        assertEquals(8, a.elementCount());
        assertEquals(2, a.nDims());
        GgufTensorInfo b = new GgufTensorInfo("w", new long[] {4, 2}, 0, "F32", 0, 32);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new GgufTensorInfo("w", new long[] {2, 4}, 0, "F32", 0, 32));
        assertEquals(1, new GgufTensorInfo("s", new long[0], 0, "F32", 0, 4).elementCount());
        assertTrue(a.toString().contains("[4, 2]"), a.toString());
    }

    @Test
    void controlCharactersInKeysAreNotCopiedIntoMessages() throws Exception {
        GgufFormatException e = fails(new GgufTestWriter()
                .header(3, 0, 1)
                .key("evil\nkey\u001b[31m", 42)
                .zeros(8));
        assertTrue(e.getMessage().contains("'evil?key?[31m'"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void tooManyStringsInArraysInTotal() throws Exception {
        // 5 million empty strings: 40 MB of file, but more heap objects than the limit of 4 million
        GgufTestWriter w = new GgufTestWriter()
                .header(3, 0, 1)
                .key("many", ARRAY)
                .u32(STRING)
                .u64(5_000_000);
        Path p = write(w);
        try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw")) {
            raf.setLength(raf.length() + 8L * 5_000_000);
        }
        GgufFormatException e = assertThrows(GgufFormatException.class, () -> GgufFile.read(p));
        assertTrue(e.getMessage().contains("more than 4000000 strings and arrays"), e.getMessage());
    }
}
