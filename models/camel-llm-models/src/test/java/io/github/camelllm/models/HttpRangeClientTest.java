package io.github.camelllm.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelllm.models.ModelDownloadException.Reason;

class HttpRangeClientTest {

    @TempDir
    Path tmp;

    TestHttpServer server;
    HttpRangeClient client;

    @BeforeEach
    void start() throws IOException {
        server = new TestHttpServer()
                .serve("/m/x.gguf", TestSupport.stories())
                .redirect("/old/x.gguf", "/gone/x.gguf")
                .status("/gated/x.gguf", 403);
        client = new HttpRangeClient(
                Duration.ofSeconds(5), Duration.ofSeconds(5), Map.of("Authorization", "Bearer t0k3n"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private PartFile part(int bytes) throws IOException {
        Path path = tmp.resolve("x.gguf.part");
        Files.write(path, new byte[bytes]);
        return PartFile.open(path);
    }

    @Test
    void asksForTheMissingBytesWithTheConfiguredHeaders() throws IOException {
        try (PartFile empty = part(0)) {
            HttpBody body = client.get(URI.create(server.url("/m/x.gguf")), empty);
            body.discard();
            assertEquals(200, body.status());
        }
        try (PartFile started = part(4096)) {
            HttpBody body = client.get(URI.create(server.url("/m/x.gguf")), started);
            body.discard();
            assertEquals(206, body.status());
            assertEquals(
                    "bytes 4096-" + (TestSupport.STORIES_SIZE - 1) + "/" + TestSupport.STORIES_SIZE,
                    RangeReply.contentRange(body.headers()));
        }
        assertNull(server.requests().get(0).range());
        assertEquals("bytes=4096-", server.requests().get(1).range());
        assertTrue(server.requests().stream().allMatch(r -> "Bearer t0k3n".equals(r.authorization())));
    }

    @Test
    void statusErrorsNameTheUrlTheRedirectAndThePartFile() throws IOException {
        URI old = URI.create(server.url("/old/x.gguf"));
        try (PartFile started = part(10)) {
            HttpBody body = client.get(old, started);
            body.discard();
            assertEquals(404, body.status());
            ModelDownloadException e = HttpRangeClient.statusError(old, body, started);
            assertEquals(Reason.NOT_FOUND, e.reason());
            assertTrue(
                    e.getMessage()
                            .startsWith("HTTP 404 Not Found: " + old + " (redirected to " + server.url("/gone/x.gguf")
                                    + ")"),
                    e.getMessage());
            assertEquals(started.path(), e.partFile());
        }
        URI gated = URI.create(server.url("/gated/x.gguf"));
        try (PartFile empty = part(0)) {
            HttpBody body = client.get(gated, empty);
            body.discard();
            ModelDownloadException e = HttpRangeClient.statusError(gated, body, empty);
            assertEquals(Reason.HTTP_ERROR, e.reason());
            assertTrue(e.getMessage().startsWith("HTTP 403 from " + gated), e.getMessage());
            assertTrue(e.getMessage().contains("gated or need a token"), e.getMessage());
            assertNull(e.partFile(), "nothing to resume");
        }
    }

    @Test
    void aRefusedConnectionFailsAndKeepsThePartFile() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port + "/x.gguf");
        try (PartFile started = part(10)) {
            ModelDownloadException e = assertThrows(ModelDownloadException.class, () -> client.get(url, started));
            assertEquals(Reason.CONNECTION_FAILED, e.reason());
            assertTrue(e.getMessage().contains(url.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("(10 bytes) is kept"), e.getMessage());
            assertEquals(started.path(), e.partFile());
        }
    }
}
