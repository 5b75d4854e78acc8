package io.github.camelllm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.camelllm.component.LlmConstants;
import io.github.camelllm.spi.LlmInvalidRequestException;

/** llm:embed from a YAML route on the real bundled model. */
class LlmEmbedTest {

    static YamlRouteTestSupport routes;

    @BeforeAll
    static void start() throws Exception {
        routes = YamlRouteTestSupport.start("""
                - route:
                    from:
                      uri: "direct:embed"
                      steps:
                        - to: "llm:embed"
                """);
    }

    @AfterAll
    static void stop() throws Exception {
        routes.close();
    }

    private Exchange embed(Object body) {
        return routes.template.request("direct:embed", e -> e.getMessage().setBody(body));
    }

    private float[] vector(String text) {
        Exchange ex = embed(text);
        assertEquals(null, ex.getException());
        return assertInstanceOf(float[].class, ex.getMessage().getBody());
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void aStringBecomesAUnitVectorOfTheModelsWidth() {
        Exchange ex = embed("The cat sat on the mat.");
        float[] v = assertInstanceOf(float[].class, ex.getMessage().getBody());
        assertEquals(64, v.length, "stories260K has embedding_length 64");
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        assertEquals(1.0, Math.sqrt(norm), 1e-5);
        assertEquals(64, ex.getMessage().getHeader(LlmConstants.EMBEDDING_DIMENSION));
        assertEquals(1, ex.getMessage().getHeader(LlmConstants.EMBEDDING_COUNT));
        assertTrue(ex.getMessage().getHeader(LlmConstants.INPUT_TOKENS, Integer.class) > 1);
    }

    @Test
    void embeddingsAreDeterministicAndDistinct() {
        float[] a1 = vector("Lily went to the park with her dog.");
        float[] a2 = vector("Lily went to the park with her dog.");
        float[] b = vector("The big red truck was very loud.");
        float[] c = vector("Tom ate a green apple.");
        assertArrayEquals(a1, a2);
        assertTrue(cosine(a1, b) < 0.999, "different texts give different vectors: cos=" + cosine(a1, b));
        assertTrue(cosine(b, c) < 0.999, "cos=" + cosine(b, c));
        assertTrue(cosine(a1, c) < 0.999, "cos=" + cosine(a1, c));
    }

    @Test
    void aListGivesVectorsInInputOrder() {
        List<String> texts =
                List.of("Tom ate a green apple.", "The big red truck was very loud.", "Lily went to the park.");
        Exchange ex = embed(texts);
        @SuppressWarnings("unchecked")
        List<float[]> vectors = assertInstanceOf(List.class, ex.getMessage().getBody());
        assertEquals(3, vectors.size());
        assertEquals(3, ex.getMessage().getHeader(LlmConstants.EMBEDDING_COUNT));
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(vector(texts.get(i)), vectors.get(i), "vector " + i + " is the embedding of text " + i);
        }
    }

    @Test
    void badInputsAreRefusedWithTheirIndex() {
        assertTrue(assertInstanceOf(
                        LlmInvalidRequestException.class, embed(List.of()).getException())
                .getMessage()
                .contains("empty list"));
        assertTrue(assertInstanceOf(
                        LlmInvalidRequestException.class,
                        embed(List.of("ok", 42)).getException())
                .getMessage()
                .contains("input [1] is a java.lang.Integer"));
        assertTrue(assertInstanceOf(
                        LlmInvalidRequestException.class,
                        embed(List.of("ok", "  ")).getException())
                .getMessage()
                .contains("input [1] is blank"));
        assertTrue(
                assertInstanceOf(LlmInvalidRequestException.class, embed(null).getException())
                        .getMessage()
                        .contains("body is empty"));
        assertTrue(
                assertInstanceOf(LlmInvalidRequestException.class, embed(3.14).getException())
                        .getMessage()
                        .contains("got java.lang.Double"));
    }
}
