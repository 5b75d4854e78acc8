package io.github.camelllm.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Facts about the real GGUF files, as recorded in src/test/resources/gguf/PROVENANCE.md. */
class GgufRealFilesTest {

    static final String PHI3_TEMPLATE = "{{ bos_token }}{% for message in messages %}{% if (message['role'] == 'user')"
            + " %}{{'<|user|>' + '\n' + message['content'] + '<|end|>' + '\n' + '<|assistant|>' + '\n'}}"
            + "{% elif (message['role'] == 'assistant') %}{{message['content'] + '<|end|>' + '\n'}}{% endif %}"
            + "{% endfor %}";

    @TempDir
    Path tmp;

    static Path fixture(String name) {
        try {
            return Path.of(GgufRealFilesTest.class
                    .getClassLoader()
                    .getResource("gguf/" + name)
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void stories260kFromTheBundledModelJar() throws Exception {
        Path p = GgufTestFiles.stories(tmp);
        GgufFile f = GgufFile.read(p);
        assertEquals(p, f.path());
        assertEquals(3, f.version());
        assertEquals(48, f.tensorCount());
        assertEquals(48, f.tensors().size());
        assertEquals(19, f.metadata().size());
        assertEquals(1_185_376, f.fileSize());
        assertEquals(32, f.alignment());
        assertEquals(0, f.dataOffset() % 32);

        GgufModelInfo m = GgufModelInfo.of(f);
        assertEquals("llama", m.architecture());
        assertEquals("llama", m.name());
        assertEquals(OptionalLong.of(2048), m.contextLength());
        assertEquals(OptionalLong.of(64), m.embeddingLength());
        assertEquals(OptionalLong.of(5), m.blockCount());
        assertEquals(292_800, m.parameterCount());
        assertEquals(512, m.vocabSize());
        assertEquals(OptionalLong.of(1), m.bosTokenId());
        assertEquals(OptionalLong.of(2), m.eosTokenId());
        assertEquals(Optional.of("<s>"), m.bosToken());
        assertEquals(Optional.of("</s>"), m.eosToken());
        assertEquals(Optional.empty(), m.chatTemplate());
        assertEquals(OptionalLong.empty(), m.fileType(), "stories260K has no general.file_type");
        assertEquals("F32", m.fileTypeName(), "inferred from the tensor types");
        assertEquals("llama", m.tokenizerModel());
        assertTrue(m.addBosToken(), "no add_bos_token key: SentencePiece default");
        assertFalse(m.isEmbeddingModel());
        assertFalse(m.isVocabOnly());
        assertEquals(292_800L * 4, m.estimatedWeightsBytes());
        assertEquals(f.fileSize() - f.dataOffset(), m.estimatedWeightsBytes(), "tensors fill the data section");
        assertTrue(f.tensors().stream()
                .allMatch(t -> t.typeId() == 0 && t.typeName().equals("F32")));
        assertEquals(OptionalLong.of(8), f.getLong("llama.attention.head_count"));
        assertEquals(OptionalLong.of(4), f.getLong("llama.attention.head_count_kv"));
        assertEquals(1e-5, f.getDouble("llama.attention.layer_norm_rms_epsilon").orElseThrow(), 1e-9);
        // UINT32 0xFFFFFFFF ("no token") is kept as an unsigned value
        assertEquals(OptionalLong.of(0xFFFF_FFFFL), f.getLong("tokenizer.ggml.padding_token_id"));

        GgufTensorInfo embd = f.tensors().get(0);
        assertEquals("token_embd.weight", embd.name());
        assertEquals(List.of(64L, 512L), List.of(embd.dims()[0], embd.dims()[1]));
        assertEquals(64 * 512, embd.elementCount());
        assertEquals(64 * 512 * 4, embd.byteSize());
        assertEquals(0, embd.offset());
        GgufTensorInfo last = f.tensors().get(47);
        assertEquals(f.fileSize(), f.dataOffset() + last.offset() + last.byteSize());

        String summary = m.summary();
        assertTrue(summary.startsWith("llama"), summary);
        for (String part : List.of("292.8K", "F32", "2048", "512")) {
            assertTrue(summary.contains(part), summary + " should contain " + part);
        }
    }

    @Test
    void llama2TinyRandom() throws Exception {
        GgufFile f = GgufFile.read(fixture("llama-2-tiny-random.gguf"));
        assertEquals(3, f.version());
        assertEquals(12, f.tensorCount());
        assertEquals(18, f.metadata().size());
        assertEquals(1_750_560, f.fileSize());
        GgufModelInfo m = GgufModelInfo.of(f);
        assertEquals("llama", m.architecture());
        assertEquals("LLaMA v2", m.name());
        assertEquals(OptionalLong.of(4096), m.contextLength());
        assertEquals(OptionalLong.of(8), m.embeddingLength());
        assertEquals(OptionalLong.of(1), m.blockCount());
        assertEquals(OptionalLong.of(32), f.getLong("llama.feed_forward_length"));
        assertEquals(513_048, m.parameterCount());
        assertEquals(OptionalLong.of(1), m.fileType());
        assertEquals("F16", m.fileTypeName());
        assertEquals(32_000, m.vocabSize());
        assertEquals(Optional.of("<s>"), m.bosToken());
        assertEquals(Optional.of("</s>"), m.eosToken());
        assertEquals(Optional.empty(), m.chatTemplate());
        assertEquals(Optional.empty(), f.getString("tokenizer.ggml.pre"));
        assertTrue(f.tensors().stream().anyMatch(t -> t.typeName().equals("F16")));
        assertTrue(f.tensors().stream().anyMatch(t -> t.typeName().equals("F32")));
        long f16 = f.tensors().stream()
                .filter(t -> t.typeId() == 1)
                .mapToLong(GgufTensorInfo::elementCount)
                .sum();
        long f32 = f.tensors().stream()
                .filter(t -> t.typeId() == 0)
                .mapToLong(GgufTensorInfo::elementCount)
                .sum();
        assertEquals(f16 * 2 + f32 * 4, m.estimatedWeightsBytes());
        assertTrue(m.summary().contains("513.0K"), m.summary());
    }

    @Test
    void llama2TinyRandomHasTheSameVocabularyAsLlamaSpm() throws Exception {
        GgufFile model = GgufFile.read(fixture("llama-2-tiny-random.gguf"));
        GgufFile vocab = GgufFile.read(fixture("ggml-vocab-llama-spm.gguf"));
        for (String key : List.of("tokenizer.ggml.tokens", "tokenizer.ggml.scores", "tokenizer.ggml.token_type")) {
            assertEquals(vocab.metadata().get(key), model.metadata().get(key), key);
        }
    }

    @Test
    void vocabLlamaSpm() throws Exception {
        GgufFile f = GgufFile.read(fixture("ggml-vocab-llama-spm.gguf"));
        assertEquals(3, f.version());
        assertEquals(0, f.tensorCount());
        assertEquals(22, f.metadata().size());
        GgufModelInfo m = GgufModelInfo.of(f);
        assertTrue(m.isVocabOnly());
        assertEquals(0, m.parameterCount());
        assertEquals(0, m.estimatedWeightsBytes());
        assertEquals("llama", m.architecture());
        assertEquals("llama-spm", m.name());
        assertEquals(OptionalLong.of(4096), m.contextLength());
        assertEquals(OptionalLong.of(4096), m.embeddingLength());
        assertEquals(OptionalLong.of(32), m.blockCount());
        assertEquals("llama", m.tokenizerModel());
        assertEquals(Optional.of("default"), f.getString("tokenizer.ggml.pre"));
        assertEquals(32_000, m.vocabSize());
        assertEquals(OptionalLong.of(1), m.bosTokenId());
        assertEquals(OptionalLong.of(2), m.eosTokenId());
        assertEquals(OptionalLong.of(0), f.getLong("tokenizer.ggml.unknown_token_id"));
        assertEquals(Optional.of(true), f.getBoolean("tokenizer.ggml.add_bos_token"));
        assertEquals(Optional.of(false), f.getBoolean("tokenizer.ggml.add_eos_token"));
        assertTrue(m.addBosToken());
        assertEquals(Optional.empty(), m.chatTemplate());
        // the scores are a FLOAT32 array, the token types an INT32 array: both come back boxed
        List<?> scores = (List<?>) f.metadata().get("tokenizer.ggml.scores");
        assertEquals(32_000, scores.size());
        assertTrue(scores.get(100) instanceof Double);
        List<?> types = (List<?>) f.metadata().get("tokenizer.ggml.token_type");
        assertEquals(2L, types.get(0), "<unk> is UNKNOWN (2)");
        assertEquals(3L, types.get(1), "<s> is CONTROL (3)");
        assertTrue(m.summary().contains("vocab 32000"), m.summary());
    }

    @Test
    void vocabPhi3WithChatTemplate() throws Exception {
        GgufFile f = GgufFile.read(fixture("ggml-vocab-phi-3.gguf"));
        assertEquals(3, f.version());
        assertEquals(0, f.tensorCount());
        assertEquals(26, f.metadata().size());
        GgufModelInfo m = GgufModelInfo.of(f);
        assertEquals("phi3", m.architecture());
        assertEquals("Phi3", m.name());
        assertEquals(OptionalLong.of(4096), m.contextLength());
        assertEquals(OptionalLong.of(3072), m.embeddingLength());
        assertEquals(OptionalLong.of(32), m.blockCount());
        assertEquals("llama", m.tokenizerModel());
        assertEquals(32_064, m.vocabSize());
        assertEquals(OptionalLong.of(1), m.bosTokenId());
        assertEquals(OptionalLong.of(32_000), m.eosTokenId());
        assertEquals(Optional.of("<s>"), m.bosToken());
        assertEquals(Optional.of("<|endoftext|>"), m.eosToken());
        assertEquals(OptionalLong.of(32_000), f.getLong("tokenizer.ggml.padding_token_id"));
        assertTrue(m.addBosToken());
        assertEquals(Optional.of(PHI3_TEMPLATE), m.chatTemplate());
        assertEquals(269, m.chatTemplate().orElseThrow().length());
        assertTrue(m.isVocabOnly());
        assertFalse(m.isEmbeddingModel());
    }

    @Test
    void vocabBertBge() throws Exception {
        GgufFile f = GgufFile.read(fixture("ggml-vocab-bert-bge.gguf"));
        assertEquals(3, f.version());
        assertEquals(0, f.tensorCount());
        assertEquals(20, f.metadata().size());
        GgufModelInfo m = GgufModelInfo.of(f);
        assertEquals("bert", m.architecture());
        assertEquals("bert-bge", m.name());
        assertEquals(OptionalLong.of(512), m.contextLength());
        assertEquals(OptionalLong.of(384), m.embeddingLength());
        assertEquals(OptionalLong.of(12), m.blockCount());
        assertEquals(Optional.of(false), f.getBoolean("bert.attention.causal"));
        assertEquals("bert", m.tokenizerModel());
        assertEquals(Optional.of("bert-bge"), f.getString("tokenizer.ggml.pre"));
        assertEquals(30_522, m.vocabSize());
        assertEquals(OptionalLong.of(101), f.getLong("tokenizer.ggml.cls_token_id"));
        assertEquals(OptionalLong.of(102), f.getLong("tokenizer.ggml.seperator_token_id"));
        assertEquals(OptionalLong.of(100), f.getLong("tokenizer.ggml.unknown_token_id"));
        assertEquals(OptionalLong.of(0), f.getLong("tokenizer.ggml.padding_token_id"));
        assertEquals(OptionalLong.of(103), f.getLong("tokenizer.ggml.mask_token_id"));
        List<?> tokens = (List<?>) f.metadata().get("tokenizer.ggml.tokens");
        assertEquals("[CLS]", tokens.get(101));
        assertEquals("[SEP]", tokens.get(102));
        assertEquals(OptionalLong.empty(), m.bosTokenId());
        assertEquals(Optional.empty(), m.bosToken());
        assertTrue(m.addBosToken(), "WordPiece: llama.cpp adds [CLS]");
        assertTrue(m.isEmbeddingModel());
        assertTrue(m.isVocabOnly());
        assertEquals(Optional.empty(), m.chatTemplate());
    }

    @Test
    void allFixturesAreV3WithAlignment32AndUnmodifiableViews() throws Exception {
        for (String name : List.of(
                "llama-2-tiny-random.gguf",
                "ggml-vocab-llama-spm.gguf",
                "ggml-vocab-phi-3.gguf",
                "ggml-vocab-bert-bge.gguf")) {
            GgufFile f = GgufFile.read(fixture(name));
            assertEquals(3, f.version(), name);
            assertEquals(32, f.alignment(), name);
            assertEquals(Files.size(fixture(name)), f.fileSize(), name);
            assertEquals(
                    "general.architecture", f.metadata().keySet().iterator().next(), name);
            assertThrows(UnsupportedOperationException.class, () -> f.metadata().put("x", 1L));
            assertThrows(UnsupportedOperationException.class, () -> f.tensors().clear());
            List<?> tokens = (List<?>) f.metadata().get("tokenizer.ggml.tokens");
            assertThrows(UnsupportedOperationException.class, () -> tokens.clear());
            @SuppressWarnings("unchecked")
            List<Object> scoresOrTypes = (List<Object>) f.metadata().get("tokenizer.ggml.token_type");
            assertThrows(UnsupportedOperationException.class, () -> scoresOrTypes.set(0, 1L));
        }
    }

    @Test
    void vocabOnlyFilesEndBeforeTheAlignedDataOffset() throws Exception {
        // the writer did not pad vocab-only files: the (empty) data section would start past the end of the file
        GgufFile f = GgufFile.read(fixture("ggml-vocab-bert-bge.gguf"));
        assertEquals(627_549, f.fileSize());
        assertEquals(627_552, f.dataOffset());
    }
}
