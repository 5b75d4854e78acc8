package io.github.camelllm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelllm.component.LlmComponent;
import io.github.camelllm.component.LlmRuntime;
import io.github.camelllm.spi.LlmInvalidRequestException;
import io.github.camelllm.spi.LlmModelException;

/** Model files are checked in Java before llama.cpp sees them; models are shared and closed with their users. */
class LlmModelLifecycleTest {

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    private static String startFailure(String uri) {
        Exception e = assertThrows(
                Exception.class,
                () -> YamlRouteTestSupport.start("""
                - route:
                    from:
                      uri: "direct:a"
                      steps:
                        - to: "%s"
                """.formatted(uri)).close());
        StringBuilder all = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void missingModelFileFailsAtRouteStart(@TempDir Path dir) {
        String msg = startFailure("llm:call?modelPath=" + dir.resolve("nope.gguf"));
        assertTrue(msg.contains("model file not found: " + dir.resolve("nope.gguf")), msg);
    }

    @Test
    void aFileThatIsNotGgufIsRefusedBeforeNativeCode(@TempDir Path dir) throws Exception {
        Path fake = dir.resolve("fake.gguf");
        Files.writeString(fake, "PK this is a zip, not a model");
        String msg = startFailure("llm:call?modelPath=" + fake);
        assertTrue(
                msg.contains("is not a usable GGUF file") && msg.contains("not a GGUF file: starts with 0x50 0x4B"),
                msg);
    }

    @Test
    void aTruncatedModelIsRefusedBeforeNativeCode(@TempDir Path dir) throws Exception {
        byte[] all = Files.readAllBytes(TestModels.stories());
        Path cut = dir.resolve("cut.gguf");
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        String msg = startFailure("llm:call?modelPath=" + cut);
        assertTrue(msg.contains("is not a usable GGUF file") && msg.contains("truncated"), msg);
    }

    @Test
    void aVocabOnlyFileIsRefused() throws Exception {
        String msg = startFailure("llm:call?modelPath=" + TestModels.phi3Vocab());
        assertTrue(msg.contains("holds only a vocabulary"), msg);
    }

    @Test
    void loadOptionsOutOfRangeAreRefused() {
        assertTrue(startFailure("llm:call?parallel=0").contains("option parallel=0 is out of range"));
        assertTrue(startFailure("llm:call?contextSize=4").contains("option contextSize=4 is out of range"));
        assertTrue(startFailure("llm:call?threads=0").contains("option threads=0 is out of range"));
        assertTrue(startFailure("llm:call?gpuLayers=-7").contains("option gpuLayers=-7 is out of range"));
    }

    @Test
    void samplingOptionsOutOfRangeFailAtRouteStart() {
        assertTrue(startFailure("llm:call?temperature=-1").contains("option temperature=-1.0 is out of range"));
        assertTrue(startFailure("llm:call?maxTokens=0").contains("option maxTokens=0 is out of range"));
        assertTrue(startFailure("llm:chat?chatTemplate=file:/does/not/exist.jinja")
                .contains("option chatTemplate refers to file:/does/not/exist.jinja"));
        assertTrue(startFailure("llm:call?grammar=root").contains("grammar is not valid GBNF"));
    }

    @Test
    void aContextThatCannotFitInMemoryIsRefusedBeforeLoading() {
        // stories260K: 5 layers, 64 wide, 8 heads / 4 KV heads -> 640 bytes of F16 KV cache per token
        assertEquals(640L * 2048, MemoryEstimate.kvCacheBytes(ModelFiles.inspect(TestModels.stories()), 2048));
        String msg = startFailure("llm:call?contextSize=1048576&parallel=64");
        assertTrue(msg.contains("needs about") && msg.contains("lower contextSize or parallel"), msg);
    }

    @Test
    void unknownOperationAndOptionAreNamed() {
        assertTrue(startFailure("llm:summarize").contains("unknown llm operation 'summarize'"));
        String msg = startFailure("llm:call?maxToken=5");
        assertTrue(msg.contains("maxToken"), msg);
    }

    @Test
    void lazyStartProducerDefersTheModelErrorToTheFirstExchange(@TempDir Path dir) throws Exception {
        try (YamlRouteTestSupport r = YamlRouteTestSupport.start("""
                - route:
                    from:
                      uri: "direct:a"
                      steps:
                        - to: "llm:call?lazyStartProducer=true&modelPath=%s"
                """.formatted(dir.resolve("later.gguf")))) {
            Exchange ex = r.template.request("direct:a", e -> e.getMessage().setBody("hi"));
            assertInstanceOf(LlmModelException.class, rootCause(ex.getException()));
        }
    }

    @Test
    void endpointsWithTheSameLoadOptionsShareOneModelClosedWithTheContext() throws Exception {
        LlmRuntime runtime;
        try (YamlRouteTestSupport r = YamlRouteTestSupport.start("""
                - route:
                    from:
                      uri: "direct:a"
                      steps:
                        - to: "llm:call?maxTokens=4&temperature=0"
                - route:
                    from:
                      uri: "direct:b"
                      steps:
                        - to: "llm:chat?maxTokens=8&chatTemplate=chatml"
                - route:
                    from:
                      uri: "direct:c"
                      steps:
                        - to: "llm:call?contextSize=512"
                """)) {
            runtime = ((LlmComponent) r.context.getComponent("llm")).runtime();
            assertEquals(
                    2, runtime.sharedCount(SharedModel.class), "a and b share one model; c has another context size");
            assertNull(r.template
                    .request("direct:a", e -> e.getMessage().setBody("Once upon a time"))
                    .getException());
            assertNull(r.template
                    .request("direct:b", e -> e.getMessage().setBody("Hello"))
                    .getException());
            r.context.getRouteController().stopRoute("route1");
            assertEquals(2, runtime.sharedCount(SharedModel.class), "still used by route b");
        }
        assertEquals(0, runtime.sharedCount(), "closed with the CamelContext");
        assertFalse(runtime.isStarted());
    }

    @Test
    void badRequestInputsAreNamed() throws Exception {
        try (YamlRouteTestSupport r = YamlRouteTestSupport.start("""
                - route:
                    from:
                      uri: "direct:a"
                      steps:
                        - to: "llm:call?maxTokens=4"
                """)) {
            assertTrue(assertInstanceOf(
                            LlmInvalidRequestException.class,
                            r.template
                                    .request("direct:a", e -> e.getMessage().setBody("   "))
                                    .getException())
                    .getMessage()
                    .contains("body is blank"));
            assertTrue(assertInstanceOf(
                            LlmInvalidRequestException.class,
                            r.template
                                    .request("direct:a", e -> e.getMessage().setBody(null))
                                    .getException())
                    .getMessage()
                    .contains("body is empty"));
            assertTrue(assertInstanceOf(
                            LlmInvalidRequestException.class,
                            r.template
                                    .request("direct:a", e -> e.getMessage().setBody(java.util.Map.of("a", 1)))
                                    .getException())
                    .getMessage()
                    .contains("expects a String prompt in the body, got java.util"));
            assertTrue(assertInstanceOf(
                            LlmInvalidRequestException.class,
                            r.template
                                    .request("direct:a", e -> {
                                        e.getMessage().setBody("hi");
                                        e.getMessage().setHeader("CamelLlmTemperature", "-3");
                                    })
                                    .getException())
                    .getMessage()
                    .contains("option temperature=-3.0 is out of range"));
        }
    }
}
