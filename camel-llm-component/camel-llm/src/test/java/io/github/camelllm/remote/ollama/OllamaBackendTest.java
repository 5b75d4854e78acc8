package io.github.camelllm.remote.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.camelllm.component.LlmConfiguration;
import io.github.camelllm.component.TestRuntime;
import io.github.camelllm.spi.ChatMessage;
import io.github.camelllm.spi.GenerationRequest;
import io.github.camelllm.spi.GenerationStream;
import io.github.camelllm.spi.LlmBackend;
import io.github.camelllm.spi.LlmChunk;
import io.github.camelllm.spi.LlmInvalidRequestException;
import io.github.camelllm.spi.LlmOperation;
import io.github.camelllm.spi.SamplingOptions;

/** The backend SPI directly: stream life cycle, cancellation, request details. */
@Timeout(30)
class OllamaBackendTest {

    private OllamaWireServer.ScriptedEngine engine;
    private OllamaWireServer server;
    private LlmBackend backend;

    @BeforeEach
    void start() {
        engine = new OllamaWireServer.ScriptedEngine().reply("one two three");
        server = OllamaWireServer.start(engine, "tiny");
        LlmConfiguration c = new LlmConfiguration();
        c.setBaseUrl(server.baseUrl());
        c.setModel("tiny");
        c.setMaxRetries(0);
        backend = new OllamaBackendFactory()
                .create(TestRuntime.spec("ollama", LlmOperation.stream, c), TestRuntime.context());
    }

    @AfterEach
    void stop() {
        backend.close();
        server.close();
    }

    private static SamplingOptions sampling(int maxTokens) {
        return new SamplingOptions(maxTokens, 0.8f, 0.95f, 40, 0.05f, 1.0f, null, List.of(), null, null);
    }

    @Test
    void inputTokensAreKnownAfterTheLastChunk() {
        try (GenerationStream s = backend.generate(new GenerationRequest("a b c", null, null, sampling(16), 0, 0))) {
            assertEquals(-1, s.inputTokens());
            StringBuilder text = new StringBuilder();
            LlmChunk chunk = null;
            while (s.hasNext()) {
                chunk = s.next();
                text.append(chunk.getText());
            }
            assertTrue(chunk.isLast());
            assertEquals("one two three", text.toString());
            assertEquals(3, s.inputTokens());
            assertEquals(3, chunk.getInputTokens());
            assertFalse(s.hasNext());
            s.close();
            s.close();
        }
    }

    @Test
    void closeEarlyCancelsIsIdempotentAndEndsTheStream() throws Exception {
        engine.endless();
        server.pieceDelayMillis(10);
        GenerationStream s = backend.generate(new GenerationRequest("go", null, null, sampling(-1), 0, 0));
        assertEquals("tick ", s.next().getText());
        s.close();
        s.close();
        assertFalse(s.hasNext());
        assertTrue(OllamaRouteTest.waitFor(() -> server.cancelledGenerations() == 1));
    }

    @Test
    void closeFromAnotherThreadWakesABlockedReader() throws Exception {
        server.failNext(OllamaWireServer.Fault.stallAfter(1, 5_000));
        GenerationStream s = backend.generate(new GenerationRequest("go", null, null, sampling(-1), 0, 0));
        assertEquals("one ", s.next().getText());
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException ignored) {
                // ends the test thread's wait anyway
            }
            s.close();
        });
        closer.start();
        long t0 = System.nanoTime();
        assertThrows(io.github.camelllm.spi.LlmCancelledException.class, s::next);
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 3_000);
        closer.join();
    }

    @Test
    void chatTemplateIsRefused() {
        GenerationRequest r = new GenerationRequest(null, List.of(ChatMessage.user("hi")), "chatml", sampling(8), 0, 0);
        LlmInvalidRequestException e = assertThrows(LlmInvalidRequestException.class, () -> backend.generate(r));
        assertTrue(e.getMessage().contains("chatTemplate"), e.getMessage());
    }

    @Test
    void factoryDefaultsToLocalhost11434() {
        LlmConfiguration c = new LlmConfiguration();
        c.setModel("llama3.2");
        try (LlmBackend b = new OllamaBackendFactory()
                .create(TestRuntime.spec("ollama", LlmOperation.call, c), TestRuntime.context())) {
            assertEquals("ollama", b.name());
            assertEquals("llama3.2", b.modelName());
        }
        assertEquals("http://localhost:11434", new OllamaModels((String) null).baseUrl());
    }

    @Test
    void keepAliveConversion() {
        assertEquals(0L, OllamaBackend.keepAlive("0"));
        assertEquals(-1L, OllamaBackend.keepAlive(" -1 "));
        assertEquals(1.5, OllamaBackend.keepAlive("1.5"));
        assertEquals("24h", OllamaBackend.keepAlive("24h"));
        assertEquals(null, OllamaBackend.keepAlive(" "));
    }
}
