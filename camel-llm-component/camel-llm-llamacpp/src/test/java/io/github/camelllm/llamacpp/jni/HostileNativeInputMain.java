package io.github.camelllm.llamacpp.jni;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.camelllm.models.bundled.BundledModel;

/**
 * Runs one hostile input against the native layer, in its own JVM (started by {@link HostileNativeInputTest}): if
 * llama.cpp aborted, only this JVM would die. Prints {@code RESULT TYPED <kind>: <message>} when the native layer
 * threw {@link LlamaNativeException}, {@code RESULT ILLEGAL_STATE <message> | cause <class>} when
 * {@link NativeLibrary} could not load, {@code RESULT OK <detail>} when the input was handled without error, and exits
 * 0; any other exception exits 3.
 */
public final class HostileNativeInputMain {

    private HostileNativeInputMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: HostileNativeInputMain <case>");
            System.exit(2);
        }
        try {
            NativeLibrary.load();
            String detail = run(args[0]);
            System.out.println("RESULT OK " + detail);
        } catch (LlamaNativeException e) {
            System.out.println("RESULT TYPED " + e.kind() + ": " + firstLine(e.getMessage()));
        } catch (IllegalStateException e) {
            System.out.println("RESULT ILLEGAL_STATE " + firstLine(e.getMessage()) + " | cause "
                    + (e.getCause() == null ? null : e.getCause().getClass().getName()));
        } catch (Throwable t) {
            t.printStackTrace(System.out);
            System.out.println("RESULT UNEXPECTED " + t);
            System.out.flush();
            System.exit(3);
        }
        System.out.flush();
        System.exit(0);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    static String run(String name) throws IOException {
        return switch (name) {
            case "load" ->
                "loaded from " + NativeLibrary.directory() + ", vocabulary "
                        + LlamaJni.vocabSize(
                                LlamaJni.modelLoad(BundledModel.path().toString(), 0, true));
            case "grammar-nul-class" -> sampleWithGrammar("root ::= [\\x00]", 4);
            case "grammar-complete-then-more" -> sampleWithGrammar("root ::= \"a\"", 6);
            case "schema-nul-enum" -> sampleWithGrammar(LlamaJni.jsonSchemaToGrammar("{\"enum\":[\"\\u0000\"]}"), 12);
            case "grammar-nul-byte" -> sampleWithGrammar("root ::= \"a\"\u0000 | \"b\"", 2);
            case "grammar-huge" -> sampleWithGrammar(alternatives(1 << 20), 2);
            case "grammar-large" -> sampleWithGrammar(alternatives(200 * 1024), 2);
            case "grammar-deep-nesting" ->
                sampleWithGrammar("root ::= " + "(".repeat(5_000) + "\"a\"" + ")".repeat(5_000), 2);
            case "grammar-rule-chain" -> sampleWithGrammar(ruleChain(15_000), 2);
            case "grammar-repetition-blowup" -> sampleWithGrammar("root ::= \"" + "a".repeat(100_000) + "\"{2000}", 2);
            case "schema-deep-nesting" ->
                LlamaJni.jsonSchemaToGrammar("{\"items\":".repeat(1_000) + "{}" + "}".repeat(1_000));
            case "model-not-gguf" -> load(write("not-gguf", "this is not a model\n".getBytes(StandardCharsets.UTF_8)));
            case "model-truncated-header" -> load(write("truncated-header", prefix(BundledModel.path(), 64)));
            case "model-truncated-data" ->
                load(write("truncated-data", prefix(BundledModel.path(), (int) (BundledModel.SIZE / 2))));
            case "model-empty" -> load(write("empty", new byte[0]));
            case "model-directory" -> {
                Path dir = Files.createTempDirectory("camel-llm-hostile-dir");
                dir.toFile().deleteOnExit();
                yield load(dir);
            }
            case "sample-without-logits" -> sampleWithoutLogits();
            case "decode-larger-than-batch" -> decodeLargerThanBatch();
            case "encode-decoder-only" -> encodeDecoderOnly();
            default -> throw new IllegalArgumentException("unknown case " + name);
        };
    }

    private static String alternatives(int bytes) {
        StringBuilder sb = new StringBuilder(bytes + 64).append("root ::= \"w0\"");
        for (int i = 1; sb.length() < bytes; i++) {
            sb.append(" | \"w").append(i).append('"');
        }
        return sb.append('\n').toString();
    }

    private static String ruleChain(int rules) {
        StringBuilder sb = new StringBuilder("root ::= r0\n");
        for (int i = 0; i < rules; i++) {
            sb.append('r').append(i).append(" ::= r").append(i + 1).append('\n');
        }
        return sb.append('r').append(rules).append(" ::= \"a\"\n").toString();
    }

    private static Path write(String name, byte[] content) throws IOException {
        Path f = Files.createTempFile("camel-llm-hostile-" + name, ".gguf");
        f.toFile().deleteOnExit();
        return Files.write(f, content);
    }

    private static byte[] prefix(Path file, int n) throws IOException {
        byte[] all = Files.readAllBytes(file);
        byte[] out = new byte[Math.min(n, all.length)];
        System.arraycopy(all, 0, out, 0, out.length);
        return out;
    }

    private static String load(Path path) {
        long model = LlamaJni.modelLoad(path.toString(), 0, false);
        LlamaJni.modelFree(model);
        return "loaded " + path;
    }

    private static int[] prompt(long model) {
        return LlamaJni.tokenize(model, "Once upon a time".getBytes(StandardCharsets.UTF_8), true, false);
    }

    private static long context(long model) {
        return LlamaJni.contextCreate(model, 256, 64, 64, 1, 1, 1, false, LlamaJni.POOLING_UNSPECIFIED);
    }

    private static int decode(long ctx, int[] tokens, int firstPos) {
        int n = tokens.length;
        int[] pos = new int[n];
        int[] seq = new int[n];
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            pos[i] = firstPos + i;
        }
        out[n - 1] = true;
        return LlamaJni.decode(ctx, n, tokens, pos, seq, out);
    }

    /** Decodes the prompt, then samples up to {@code steps} tokens with the grammar, then feeds more tokens. */
    private static String sampleWithGrammar(String grammar, int steps) {
        long model = LlamaJni.modelLoad(BundledModel.path().toString(), 0, false);
        long ctx = context(model);
        long sampler = 0;
        try {
            sampler = LlamaJni.samplerCreate(model, 0f, 0, 1f, 0f, 1f, 0, 1, grammar);
            int[] prompt = prompt(model);
            check(decode(ctx, prompt, 0));
            int pos = prompt.length;
            List<Integer> sampled = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < steps; i++) {
                int token = LlamaJni.samplerSample(sampler, ctx, -1);
                sampled.add(token);
                if (!LlamaJni.tokenIsEog(model, token)) {
                    text.append(new String(LlamaJni.tokenPiece(model, token, false), StandardCharsets.UTF_8));
                }
                // keep going after the end: the grammar must keep answering (end of generation again), not abort
                check(decode(ctx, new int[] {token}, pos++));
            }
            // tokens the grammar does not allow, fed as if they were prompt tokens
            LlamaJni.samplerAccept(sampler, prompt);
            int after = LlamaJni.samplerSample(sampler, ctx, -1);
            return "tokens " + sampled + " text '" + text + "' then " + after;
        } finally {
            LlamaJni.samplerFree(sampler);
            LlamaJni.contextFree(ctx);
            LlamaJni.modelFree(model);
        }
    }

    private static String sampleWithoutLogits() {
        long model = LlamaJni.modelLoad(BundledModel.path().toString(), 0, false);
        long ctx = context(model);
        long sampler = LlamaJni.samplerCreate(model, 0f, 0, 1f, 0f, 1f, 0, 1, null);
        try {
            int[] prompt = prompt(model);
            check(decode(ctx, prompt, 0));
            // index 0 had outputs = false
            return "sampled " + LlamaJni.samplerSample(sampler, ctx, 0);
        } finally {
            LlamaJni.samplerFree(sampler);
            LlamaJni.contextFree(ctx);
            LlamaJni.modelFree(model);
        }
    }

    private static String decodeLargerThanBatch() {
        long model = LlamaJni.modelLoad(BundledModel.path().toString(), 0, false);
        long ctx = LlamaJni.contextCreate(model, 256, 8, 8, 1, 1, 1, false, LlamaJni.POOLING_UNSPECIFIED);
        try {
            return "decode returned " + decode(ctx, new int[16], 0);
        } finally {
            LlamaJni.contextFree(ctx);
            LlamaJni.modelFree(model);
        }
    }

    private static String encodeDecoderOnly() {
        long model = LlamaJni.modelLoad(BundledModel.path().toString(), 0, false);
        long ctx = context(model);
        try {
            int[] prompt = prompt(model);
            int n = prompt.length;
            return "encode returned "
                    + LlamaJni.encode(
                            ctx,
                            n,
                            prompt,
                            java.util.stream.IntStream.range(0, n).toArray(),
                            new int[n],
                            new boolean[n]);
        } finally {
            LlamaJni.contextFree(ctx);
            LlamaJni.modelFree(model);
        }
    }

    private static void check(int rc) {
        if (rc != 0) {
            throw new IllegalStateException("decode returned " + rc);
        }
    }
}
