package io.github.camelllm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.camelllm.component.LlmConstants;

/** Concurrent exchanges on llama.cpp slots: every answer is correct, none is lost, extra requests wait. */
class LlmConcurrencyTest {

    static YamlRouteTestSupport routes;

    @BeforeAll
    static void start() throws Exception {
        routes = YamlRouteTestSupport.start("""
                - route:
                    from:
                      uri: "direct:slots"
                      steps:
                        - to: { uri: "llm:call", parameters: { maxTokens: 32, temperature: 0, parallel: 3, queueTimeout: 60000 } }
                - route:
                    from:
                      uri: "direct:embed"
                      steps:
                        - to: { uri: "llm:embed", parameters: { parallel: 2, queueTimeout: 60000 } }
                """);
    }

    @AfterAll
    static void stop() throws Exception {
        routes.close();
    }

    @Test
    void manyConcurrentExchangesOnThreeSlotsAllGetTheRightText() throws Exception {
        int clients = 8;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Exchange>> results = new ArrayList<>();
            for (int i = 0; i < clients * 2; i++) {
                // alternate two prompts so that slots really hold different sequences
                String prompt = i % 2 == 0 ? "Once upon a time" : "The little dog";
                results.add(pool.submit(() -> routes.template.request(
                        "direct:slots", e -> e.getMessage().setBody(prompt))));
            }
            String dog = routes.template.requestBody("direct:slots", "The little dog", String.class);
            for (int i = 0; i < results.size(); i++) {
                Exchange ex = results.get(i).get();
                assertNull(ex.getException());
                assertEquals(
                        i % 2 == 0 ? TestModels.ONCE_UPON_A_TIME_32 : dog,
                        ex.getMessage().getBody(String.class),
                        "request " + i);
                assertEquals(32, ex.getMessage().getHeader(LlmConstants.OUTPUT_TOKENS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentEmbeddingsMatchSequentialOnes() throws Exception {
        List<String> texts = List.of(
                "Tom ate a green apple.",
                "The big red truck was very loud.",
                "Lily went to the park.",
                "The sun was warm.");
        List<float[]> expected = new ArrayList<>();
        for (String t : texts) {
            expected.add(routes.template.requestBody("direct:embed", t, float[].class));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (String t : texts) {
                    results.add(pool.submit(() -> routes.template.requestBody("direct:embed", t, float[].class)));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(
                        expected.get(i % texts.size()), results.get(i).get(), "request " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
