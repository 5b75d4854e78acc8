package io.github.camelllm.llamacpp.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inputs that reach a GGML_ASSERT, an abort or a stack overflow in llama.cpp unless the native layer stops them first.
 * Each runs in a child JVM ({@link HostileNativeInputMain}), so a regression ends that JVM, not the test run: the child
 * must exit 0 and print the expected outcome, a typed {@link LlamaNativeException} or a normal result.
 */
class HostileNativeInputTest {

    @TempDir
    Path temp;

    @BeforeAll
    static void loadHere() {
        NativeLibrary.load();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // a grammar that no token can continue: llama.cpp would sample a rejected token and abort
                Arguments.of("grammar-nul-class", "TYPED grammar: the grammar allows no token"),
                // a complete grammar: only end-of-generation tokens remain, again and again; prompt tokens fed after
                Arguments.of("grammar-complete-then-more", "OK tokens [412, 2, 2, 2, 2, 2] text 'a' then 2"),
                // the converter writes U+0000 as the JSON escape \\u0000 (ASCII), which the model can produce
                Arguments.of(
                        "schema-nul-enum",
                        "OK tokens [436, 500, 425, 477, 477, 477, 477, 436, 2, 2, 2, 2] text '\"\\u0000\"'"),
                // a C string would end at the NUL and silently drop the rest of the grammar
                Arguments.of("grammar-nul-byte", "TYPED grammar: the grammar contains a NUL character"),
                Arguments.of("grammar-huge", "TYPED grammar: the grammar is 1048582 bytes"),
                Arguments.of("grammar-large", "OK tokens [424, 479] text 'w2'"),
                // 5,000 nested groups: 6 KB that overflow a 1 MiB stack in llama.cpp's parser
                Arguments.of("grammar-deep-nesting", "TYPED grammar: the grammar nests ( ) groups 5000 deep"),
                // 15,000 chained rules: overflow a 1 MiB stack in the left-recursion check, fine on the large stack
                Arguments.of("grammar-rule-chain", "OK tokens [412, 2] text 'a' then 2"),
                // a 100 KB literal{2000}: about 5 GB of rule elements
                Arguments.of("grammar-repetition-blowup", "TYPED grammar: the grammar's repetitions expand to about"),
                Arguments.of("schema-deep-nesting", "TYPED schema: the schema nests"),
                Arguments.of("model-not-gguf", "TYPED model: not a GGUF file"),
                Arguments.of("model-empty", "TYPED model: not a GGUF file"),
                Arguments.of("model-truncated-header", "TYPED model: llama.cpp could not load the model"),
                Arguments.of("model-truncated-data", "TYPED model: llama.cpp could not load the model"),
                Arguments.of("model-directory", "TYPED model: model path is a directory"),
                // llama_sampler_sample asserts on a batch entry without logits
                Arguments.of("sample-without-logits", "TYPED argument: no logits for batch index 0"),
                // llama_decode asserts count <= n_batch
                Arguments.of("decode-larger-than-batch", "TYPED argument: count 16 exceeds the context's batch size 8"),
                // llama_encode on a decoder-only model: SIGSEGV
                Arguments.of("encode-decoder-only", "TYPED argument: encode needs an encoder model"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void handledWithoutEndingTheProcess(String name, String expected) throws Exception {
        String output = runChild(name);
        String result = result(output);
        assertTrue(
                result.startsWith("RESULT " + expected),
                () -> "case " + name + ": expected 'RESULT " + expected + "...', got '" + result + "'\n"
                        + tail(output));
    }

    @Test
    void otherPlatformsGetAClearError() throws Exception {
        String result = result(runChild("load", "-Dos.arch=aarch64"));
        assertTrue(
                result.startsWith("RESULT ILLEGAL_STATE camel-llm: the bundled llama.cpp native libraries are for linux"
                        + " x86_64 only, this is Linux aarch64"),
                result);
        assertTrue(result.contains(NativeLibrary.DIR_PROPERTY), result);
        assertTrue(result.endsWith("| cause java.lang.UnsatisfiedLinkError"), result);
    }

    @Test
    void loadsInPlaceFromTheDirectoryProperty() throws Exception {
        // this JVM's extracted libraries, loaded in place by the child (also on a platform it does not know)
        Path dir = NativeLibrary.directory();
        String result =
                result(runChild("load", "-D" + NativeLibrary.DIR_PROPERTY + "=" + dir, "-Dos.arch=somethingelse"));
        assertEquals("RESULT OK loaded from " + dir + ", vocabulary 512", result);
        String missing = result(runChild("load", "-D" + NativeLibrary.DIR_PROPERTY + "=" + temp));
        assertTrue(missing.startsWith("RESULT ILLEGAL_STATE camel-llm: " + NativeLibrary.DIR_PROPERTY), missing);
    }

    private static String result(String output) {
        return output.lines()
                .filter(l -> l.startsWith("RESULT "))
                .reduce((a, b) -> b)
                .orElse("(no RESULT line)\n" + tail(output));
    }

    private String runChild(String name, String... jvmOptions) throws IOException, InterruptedException {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Path log = temp.resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.addAll(List.of(jvmOptions));
        command.add(HostileNativeInputMain.class.getName());
        command.add(name);
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("case " + name + " did not finish within 120 s\n" + tail(read(log)));
        }
        String output = read(log);
        assertEquals(0, p.exitValue(), () -> "case " + name + " ended the child JVM\n" + tail(output));
        return output;
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        List<String> last = lines.subList(Math.max(0, lines.size() - 40), lines.size());
        return String.join(
                "\n",
                last.stream()
                        .map(l -> l.length() > 400 ? l.substring(0, 400) + "..." : l)
                        .toList());
    }
}
