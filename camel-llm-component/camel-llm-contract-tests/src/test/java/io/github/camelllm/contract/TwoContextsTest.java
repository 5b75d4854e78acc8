package io.github.camelllm.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import io.github.camelllm.component.LlmComponent;
import io.github.camelllm.component.LlmConstants;
import io.github.camelllm.component.LlmRuntime;
import io.github.camelllm.remote.ollama.OllamaWireServer;

/**
 * Two CamelContexts in one JVM, each with its own llm component settings, work side by side; each component owns its
 * threads, loaded models and HTTP clients, and after both contexts stop none of them remains.
 */
class TwoContextsTest {

    @Test
    void twoContextsWithDifferentSettingsRunSideBySideAndLeaveNothingBehind() throws Exception {
        LlmRuntime first;
        LlmRuntime second;
        try (OllamaWireServer server =
                        OllamaWireServer.start(new OllamaWireServer.ScriptedEngine().reply("from ollama"), "tiny");
                Routes a = Routes.start("""
                     - route:
                         from:
                           uri: "direct:local"
                           steps:
                             - to: "llm:call?maxTokens=8&temperature=0&contextSize=256"
                     """);
                Routes b = Routes.start("""
                     - route:
                         from:
                           uri: "direct:local"
                           steps:
                             - to: "llm:call?maxTokens=8&temperature=0&contextSize=512&parallel=2"
                     - route:
                         from:
                           uri: "direct:remote"
                           steps:
                             - to: "llm:call?backend=ollama&model=tiny&baseUrl=%s&maxRetries=0"
                     """.formatted(server.baseUrl()))) {
            first = ((LlmComponent) a.context.getComponent("llm")).runtime();
            second = ((LlmComponent) b.context.getComponent("llm")).runtime();
            assertFalse(first == second, "each component has its own runtime");

            Exchange fromA =
                    a.template.request("direct:local", e -> e.getMessage().setBody("Once upon a time"));
            Exchange fromB =
                    b.template.request("direct:local", e -> e.getMessage().setBody("Once upon a time"));
            Exchange remote =
                    b.template.request("direct:remote", e -> e.getMessage().setBody("hi"));
            assertNull(fromA.getException());
            assertNull(fromB.getException());
            assertNull(remote.getException());
            assertEquals(
                    fromA.getMessage().getBody(String.class),
                    fromB.getMessage().getBody(String.class),
                    "the same model at temperature 0 writes the same text in both contexts");
            assertEquals("from ollama", remote.getMessage().getBody(String.class));
            assertEquals("ollama", remote.getMessage().getHeader(LlmConstants.BACKEND));
            assertEquals(1, first.sharedCount(), "context a: one loaded model");
            assertEquals(3, second.sharedCount(), "context b: its own model, one HTTP transport and the status client");

            a.close();
            assertEquals(0, first.sharedCount(), "context a released everything when it stopped");
            assertFalse(first.isStarted());
            assertEquals(3, second.sharedCount(), "stopping context a does not touch context b");
            Exchange again =
                    b.template.request("direct:local", e -> e.getMessage().setBody("Once upon a time"));
            assertNull(again.getException());
        }
        assertEquals(0, second.sharedCount());
        assertFalse(second.isStarted());
        assertTrue(
                waitUntilNoThreads(List.of("llm-timer", "llm-health-probe", "HttpClient")),
                "threads left: " + threadNames());
    }

    /** JDK HttpClient selector threads end once their client is unreachable, so this collects garbage while waiting. */
    private static boolean waitUntilNoThreads(List<String> fragments) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (threadNames().stream().noneMatch(n -> fragments.stream().anyMatch(n::contains))) {
                return true;
            }
            System.gc();
            Thread.sleep(100);
        }
        return false;
    }

    private static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .sorted()
                .toList();
    }
}
