package io.github.camelllm.llamacpp.jni;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import io.github.camelllm.models.bundled.BundledModel;

/** The JNI layer on the bundled stories260K model: every native method, and its errors. */
class LlamaJniTest {

    static final String PROMPT = "Once upon a time";
    static final String CONTINUATION =
            ", there was a little girl named Lily. She loved to play outside in the park. One day, she saw";

    static long model;

    @BeforeAll
    static void load() {
        NativeLibrary.load();
        model = LlamaJni.modelLoad(BundledModel.path().toString(), 0, false);
    }

    @AfterAll
    static void free() {
        LlamaJni.modelFree(model);
    }

    // ---------------------------------------------------------------------------------------------------------
    // helpers

    static int[] tokenize(String text) {
        return LlamaJni.tokenize(model, text.getBytes(UTF_8), true, false);
    }

    static long context(int contextSize, int sequences) {
        return LlamaJni.contextCreate(model, contextSize, 64, 64, sequences, 1, 1, false, LlamaJni.POOLING_UNSPECIFIED);
    }

    static long greedy(String grammar) {
        return LlamaJni.samplerCreate(model, 0f, 0, 1f, 0f, 1f, 0, 0, grammar);
    }

    /** Decodes tokens of one sequence from position {@code from}, output on the last one. */
    static void decode(long ctx, int sequence, int[] tokens, int from) {
        int n = tokens.length;
        int[] positions = new int[n];
        int[] sequences = new int[n];
        boolean[] outputs = new boolean[n];
        for (int i = 0; i < n; i++) {
            positions[i] = from + i;
            sequences[i] = sequence;
        }
        outputs[n - 1] = true;
        assertEquals(0, LlamaJni.decode(ctx, n, tokens, positions, sequences, outputs));
    }

    /** Samples up to {@code max} tokens after a decoded prompt of {@code promptLength} tokens (stops at EOG). */
    static List<Integer> generate(long ctx, long sampler, int sequence, int promptLength, int max) {
        List<Integer> out = new ArrayList<>();
        int pos = promptLength;
        for (int i = 0; i < max; i++) {
            int token = LlamaJni.samplerSample(sampler, ctx, -1);
            if (LlamaJni.tokenIsEog(model, token)) {
                break;
            }
            out.add(token);
            decode(ctx, sequence, new int[] {token}, pos++);
        }
        return out;
    }

    static String text(List<Integer> tokens) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int t : tokens) {
            bytes.writeBytes(LlamaJni.tokenPiece(model, t, false));
        }
        return bytes.toString(UTF_8);
    }

    static List<Integer> continueAlone(String prompt, int n) {
        long ctx = context(256, 1);
        long sampler = greedy(null);
        try {
            int[] tokens = tokenize(prompt);
            decode(ctx, 0, tokens, 0);
            return generate(ctx, sampler, 0, tokens.length, n);
        } finally {
            LlamaJni.samplerFree(sampler);
            LlamaJni.contextFree(ctx);
        }
    }

    static void assertKind(String kind, Executable call) {
        LlamaNativeException e = assertThrows(LlamaNativeException.class, call);
        assertEquals(kind, e.kind(), e::getMessage);
        assertFalse(e.getMessage().isBlank());
    }

    // ---------------------------------------------------------------------------------------------------------
    // model and vocabulary

    @Test
    void modelInformation() {
        assertTrue(NativeLibrary.systemInfo().contains("CPU"), NativeLibrary.systemInfo());
        assertEquals(0, LlamaJni.gpuDeviceCount());
        assertEquals(512, LlamaJni.vocabSize(model));
        assertEquals(64, LlamaJni.modelEmbeddingSize(model));
        assertTrue(LlamaJni.modelTrainContext(model) > 0);
        assertTrue(LlamaJni.modelHasDecoder(model));
        assertFalse(LlamaJni.modelHasEncoder(model));
        assertTrue(LlamaJni.vocabAddsBos(model));
        assertEquals("llama", LlamaJni.modelMeta(model, "general.architecture"));
        assertNull(LlamaJni.modelMeta(model, "no.such.key"));
        assertNull(LlamaJni.modelChatTemplate(model));
    }

    @Test
    void tokenizeAndPiecesRoundTrip() {
        int[] tokens = tokenize(PROMPT);
        assertArrayEquals(new int[] {1, 403, 407, 261, 378}, tokens);
        assertEquals(" " + PROMPT, text(Arrays.stream(tokens).skip(1).boxed().toList()));
        // without BOS
        assertArrayEquals(
                Arrays.copyOfRange(tokens, 1, tokens.length),
                LlamaJni.tokenize(model, PROMPT.getBytes(UTF_8), false, false));
        // characters outside the vocabulary go through byte tokens and come back intact
        String unicode = "héllo 😀 \u0000 end";
        int[] u = LlamaJni.tokenize(model, unicode.getBytes(UTF_8), false, false);
        assertEquals(" " + unicode, text(Arrays.stream(u).boxed().toList()));
        assertEquals(0, LlamaJni.tokenize(model, new byte[0], false, false).length);
        // special tokens: BOS renders as text only when asked
        assertEquals(0, LlamaJni.tokenPiece(model, 1, false).length);
        assertTrue(LlamaJni.tokenPiece(model, 1, true).length > 0);
        assertTrue(LlamaJni.tokenIsEog(model, 2));
        assertFalse(LlamaJni.tokenIsEog(model, 403));
    }

    @Test
    void vocabOnlyModelTokenizesButHasNoContext() {
        long vocab = LlamaJni.modelLoad(BundledModel.path().toString(), 0, true);
        try {
            assertArrayEquals(tokenize(PROMPT), LlamaJni.tokenize(vocab, PROMPT.getBytes(UTF_8), true, false));
            assertKind(
                    "context",
                    () -> LlamaJni.contextCreate(vocab, 64, 64, 64, 1, 1, 1, false, LlamaJni.POOLING_UNSPECIFIED));
        } finally {
            LlamaJni.modelFree(vocab);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // generation

    @Test
    void greedyContinuationOfThePrompt() {
        assertEquals(CONTINUATION, text(continueAlone(PROMPT, 32)));
    }

    @Test
    void twoSequencesInOneBatchContinueAsWhenAlone() {
        String promptB = "The little dog";
        int n = 16;
        List<Integer> aloneA = continueAlone(PROMPT, n);
        List<Integer> aloneB = continueAlone(promptB, n);
        assertFalse(aloneA.equals(aloneB));

        long ctx = context(512, 2);
        long samplerA = greedy(null);
        long samplerB = greedy(null);
        try {
            int[] a = tokenize(PROMPT);
            int[] b = tokenize(promptB);
            int total = a.length + b.length;
            int[] tokens = new int[total];
            int[] positions = new int[total];
            int[] sequences = new int[total];
            boolean[] outputs = new boolean[total];
            for (int i = 0; i < a.length; i++) {
                tokens[i] = a[i];
                positions[i] = i;
            }
            for (int i = 0; i < b.length; i++) {
                tokens[a.length + i] = b[i];
                positions[a.length + i] = i;
                sequences[a.length + i] = 1;
            }
            outputs[a.length - 1] = true;
            outputs[total - 1] = true;
            assertEquals(0, LlamaJni.decode(ctx, total, tokens, positions, sequences, outputs));
            int tokenA = LlamaJni.samplerSample(samplerA, ctx, a.length - 1);
            int tokenB = LlamaJni.samplerSample(samplerB, ctx, total - 1);
            List<Integer> batchedA = new ArrayList<>(List.of(tokenA));
            List<Integer> batchedB = new ArrayList<>(List.of(tokenB));
            for (int step = 0; step < n - 1; step++) {
                int[] pair = {tokenA, tokenB};
                int[] pos = {a.length + step, b.length + step};
                assertEquals(0, LlamaJni.decode(ctx, 2, pair, pos, new int[] {0, 1}, new boolean[] {true, true}));
                tokenA = LlamaJni.samplerSample(samplerA, ctx, 0);
                tokenB = LlamaJni.samplerSample(samplerB, ctx, 1);
                batchedA.add(tokenA);
                batchedB.add(tokenB);
            }
            assertEquals(aloneA, batchedA);
            assertEquals(aloneB, batchedB);
        } finally {
            LlamaJni.samplerFree(samplerA);
            LlamaJni.samplerFree(samplerB);
            LlamaJni.contextFree(ctx);
        }
    }

    @Test
    void memorySeqRemoveThenDecodeAgain() {
        long ctx = context(256, 1);
        long first = greedy(null);
        long second = greedy(null);
        try {
            int[] prompt = tokenize(PROMPT);
            decode(ctx, 0, prompt, 0);
            List<Integer> run1 = generate(ctx, first, 0, prompt.length, 12);
            // forget the last prompt token and everything generated, then decode that token again
            assertTrue(LlamaJni.memorySeqRemove(ctx, 0, prompt.length - 1, -1));
            decode(ctx, 0, new int[] {prompt[prompt.length - 1]}, prompt.length - 1);
            List<Integer> run2 = generate(ctx, second, 0, prompt.length, 12);
            assertEquals(run1, run2);
            // everything
            assertTrue(LlamaJni.memorySeqRemove(ctx, -1, -1, -1));
            decode(ctx, 0, prompt, 0);
        } finally {
            LlamaJni.samplerFree(first);
            LlamaJni.samplerFree(second);
            LlamaJni.contextFree(ctx);
        }
    }

    @Test
    void samplingWithTemperatureIsReproducibleWithASeed() {
        int[] prompt = tokenize(PROMPT);
        List<List<Integer>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            long ctx = context(256, 1);
            long sampler = LlamaJni.samplerCreate(model, 0.9f, 40, 0.95f, 0.05f, 1.1f, 64, 42, null);
            try {
                LlamaJni.samplerAccept(sampler, prompt);
                decode(ctx, 0, prompt, 0);
                runs.add(generate(ctx, sampler, 0, prompt.length, 24));
            } finally {
                LlamaJni.samplerFree(sampler);
                LlamaJni.contextFree(ctx);
            }
        }
        assertFalse(runs.get(0).isEmpty());
        assertEquals(runs.get(0), runs.get(1));
    }

    @Test
    void contextAbortMakesDecodeReturnTwo() {
        long ctx = context(256, 1);
        try {
            int[] prompt = tokenize(PROMPT);
            int n = prompt.length;
            boolean[] outputs = new boolean[n];
            outputs[n - 1] = true;
            int[] positions = {0, 1, 2, 3, 4};
            LlamaJni.contextAbort(ctx, true);
            assertEquals(2, LlamaJni.decode(ctx, n, prompt, positions, new int[n], outputs));
            assertEquals(2, LlamaJni.decode(ctx, n, prompt, positions, new int[n], outputs));
            LlamaJni.contextAbort(ctx, false);
            LlamaJni.memorySeqRemove(ctx, -1, -1, -1);
            assertEquals(0, LlamaJni.decode(ctx, n, prompt, positions, new int[n], outputs));
        } finally {
            LlamaJni.contextFree(ctx);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // embeddings

    static float[] embed(long ctx, String text) {
        int[] tokens = tokenize(text);
        int n = tokens.length;
        int[] positions = new int[n];
        boolean[] outputs = new boolean[n];
        for (int i = 0; i < n; i++) {
            positions[i] = i;
            outputs[i] = true;
        }
        assertEquals(0, LlamaJni.decode(ctx, n, tokens, positions, new int[n], outputs));
        float[] v = LlamaJni.embeddingsSequence(ctx, 0);
        LlamaJni.memorySeqRemove(ctx, 0, -1, -1);
        return v;
    }

    @Test
    void pooledEmbeddings() {
        int dim = LlamaJni.modelEmbeddingSize(model);
        float[][] last = new float[2][];
        float[][] mean = new float[2][];
        for (int pooling : new int[] {LlamaJni.POOLING_LAST, LlamaJni.POOLING_MEAN}) {
            long ctx = LlamaJni.contextCreate(model, 64, 64, 64, 1, 1, 1, true, pooling);
            try {
                float[] a = embed(ctx, PROMPT);
                float[] b = embed(ctx, "The little dog ran away");
                assertNotNull(a);
                assertNotNull(b);
                assertEquals(dim, a.length);
                assertEquals(dim, b.length);
                assertFalse(Arrays.equals(a, b), "different inputs, different vectors");
                assertArrayEquals(a, embed(ctx, PROMPT), "deterministic");
                assertNull(LlamaJni.embeddingsOutput(ctx, 0), "pooled: no per-token embeddings");
                float[][] target = pooling == LlamaJni.POOLING_LAST ? last : mean;
                target[0] = a;
                target[1] = b;
            } finally {
                LlamaJni.contextFree(ctx);
            }
        }
        assertFalse(Arrays.equals(last[0], mean[0]), "LAST and MEAN pool differently");
    }

    @Test
    void perTokenEmbeddings() {
        long ctx = LlamaJni.contextCreate(model, 64, 64, 64, 1, 1, 1, true, LlamaJni.POOLING_NONE);
        try {
            int[] tokens = tokenize(PROMPT);
            int n = tokens.length;
            boolean[] outputs = new boolean[n];
            Arrays.fill(outputs, true);
            assertEquals(0, LlamaJni.decode(ctx, n, tokens, new int[] {0, 1, 2, 3, 4}, new int[n], outputs));
            float[] first = LlamaJni.embeddingsOutput(ctx, 0);
            float[] lastToken = LlamaJni.embeddingsOutput(ctx, n - 1);
            assertEquals(LlamaJni.modelEmbeddingSize(model), first.length);
            assertFalse(Arrays.equals(first, lastToken));
            assertNull(LlamaJni.embeddingsSequence(ctx, 0), "no pooling: no sequence embedding");
        } finally {
            LlamaJni.contextFree(ctx);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // grammars and schemas

    @Test
    void grammarConstrainsTheOutput() {
        String grammar = "root ::= \"yes\" | \"no\"";
        int[] prompt = tokenize(PROMPT);
        for (long seed = 0; seed < 4; seed++) {
            long ctx = context(256, 1);
            long sampler =
                    seed == 0 ? greedy(grammar) : LlamaJni.samplerCreate(model, 1.5f, 0, 1f, 0f, 1f, 0, seed, grammar);
            try {
                decode(ctx, 0, prompt, 0);
                String out = text(generate(ctx, sampler, 0, prompt.length, 10));
                assertTrue(Set.of("yes", "no").contains(out), "got '" + out + "'");
            } finally {
                LlamaJni.samplerFree(sampler);
                LlamaJni.contextFree(ctx);
            }
        }
    }

    @Test
    void jsonSchemaGrammarKeepsUnicodeAndConstrainsTheOutput() {
        String grammar = LlamaJni.jsonSchemaToGrammar(
                "{\"type\":\"object\",\"properties\":{\"😀\":{\"enum\":[\"é\"]}},\"required\":[\"😀\"]}");
        assertTrue(grammar.contains("😀") && grammar.contains("é"), grammar);
        long ctx = context(256, 1);
        long sampler = greedy(grammar);
        try {
            int[] prompt = tokenize(PROMPT);
            decode(ctx, 0, prompt, 0);
            String out = text(generate(ctx, sampler, 0, prompt.length, 60));
            assertEquals("{\"😀\":\"é\"}", out.replaceAll("\\s", ""), out);
        } finally {
            LlamaJni.samplerFree(sampler);
            LlamaJni.contextFree(ctx);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // errors

    @Test
    void errorsHaveTheirKind() throws Exception {
        long ctx = context(256, 1);
        try {
            // grammars and schemas
            assertKind("grammar", () -> LlamaJni.samplerCreate(model, 0f, 0, 1f, 0f, 1f, 0, 0, "root ::= ("));
            assertKind("grammar", () -> LlamaJni.samplerCreate(model, 0f, 0, 1f, 0f, 1f, 0, 0, "other ::= \"a\""));
            assertKind("grammar", () -> LlamaJni.samplerCreate(model, 0f, 0, 1f, 0f, 1f, 0, 0, "root ::= x\nx ::= x"));
            assertKind("grammar", () -> LlamaJni.samplerCreate(model, 0f, 0, 1f, 0f, 1f, 0, 0, ""));
            assertKind("schema", () -> LlamaJni.jsonSchemaToGrammar("{\"type\":\"frobnicate\"}"));
            assertKind("schema", () -> LlamaJni.jsonSchemaToGrammar("{\"$ref\":\"#/definitions/missing\"}"));
            assertKind("schema", () -> LlamaJni.jsonSchemaToGrammar("{"));
            // handles
            assertKind("argument", () -> LlamaJni.vocabSize(0));
            assertKind("argument", () -> LlamaJni.vocabSize(ctx));
            assertKind("argument", () -> LlamaJni.decode(0, 1, new int[1], new int[1], new int[1], new boolean[1]));
            assertKind("argument", () -> LlamaJni.samplerSample(0, ctx, 0));
            assertKind("argument", () -> LlamaJni.modelFree(model));
            // counts, sizes and indexes
            assertKind("argument", () -> LlamaJni.decode(ctx, -1, new int[1], new int[1], new int[1], new boolean[1]));
            assertKind("argument", () -> LlamaJni.decode(ctx, 0, new int[1], new int[1], new int[1], new boolean[1]));
            assertKind("argument", () -> LlamaJni.decode(ctx, 2, new int[2], new int[1], new int[2], new boolean[2]));
            assertKind(
                    "argument", () -> LlamaJni.decode(ctx, 1, new int[] {512}, new int[1], new int[1], new boolean[1]));
            assertKind(
                    "argument", () -> LlamaJni.decode(ctx, 1, new int[1], new int[1], new int[] {1}, new boolean[1]));
            assertKind("argument", () -> LlamaJni.memorySeqRemove(ctx, 1, 0, -1));
            assertKind("argument", () -> LlamaJni.tokenPiece(model, -1, false));
            assertKind("argument", () -> LlamaJni.tokenPiece(model, 512, false));
            assertKind("argument", () -> LlamaJni.tokenize(model, null, true, false));
            assertKind("argument", () -> LlamaJni.contextCreate(model, 64, 0, 64, 1, 1, 1, false, -1));
            assertKind("argument", () -> LlamaJni.contextCreate(model, 64, 64, 64, 1, 1, 1, false, 7));
            assertKind("argument", () -> LlamaJni.samplerCreate(model, Float.NaN, 0, 1f, 0f, 1f, 0, 0, null));
            assertKind("argument", () -> LlamaJni.samplerCreate(model, 0f, 0, 1f, 0f, 1f, -1, 0, null));
            // models
            assertKind("model", () -> LlamaJni.modelLoad("/nonexistent/model.gguf", 0, false));
            assertKind("argument", () -> LlamaJni.modelLoad(null, 0, false));
            // the context still works after all that
            decode(ctx, 0, tokenize(PROMPT), 0);
        } finally {
            LlamaJni.contextFree(ctx);
        }
        // freeing 0 is a no-op
        LlamaJni.contextFree(0);
        LlamaJni.samplerFree(0);
        LlamaJni.modelFree(0);
    }
}
