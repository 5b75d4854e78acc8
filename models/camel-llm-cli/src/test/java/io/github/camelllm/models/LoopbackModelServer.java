package io.github.camelllm.models;

import java.io.IOException;
import java.util.List;

/**
 * Public face of camel-llm-models' package-private {@link TestHttpServer} (from its test-jar) and {@link TestSupport}
 * fixtures, for the CLI tests: a loopback HTTP/1.1 server with Range support and fault modes, serving the real small
 * GGUF files.
 */
public final class LoopbackModelServer implements AutoCloseable {

    public static final String STORIES = TestSupport.STORIES;
    public static final String STORIES_SHA = TestSupport.STORIES_SHA;
    public static final int STORIES_SIZE = TestSupport.STORIES_SIZE;
    public static final String TINY = TestSupport.TINY;
    public static final String TINY_SHA = TestSupport.TINY_SHA;
    /** Where the test catalog's stories260k URL points, below the mirror. */
    public static final String STORIES_PATH = "/ggml-org/models/resolve/main/tinyllamas/stories260K.gguf";

    public static final String TINY_PATH = "/aladar/llama-2-tiny-random-GGUF/resolve/main/llama-2-tiny-random.gguf";

    private final TestHttpServer server;

    public LoopbackModelServer() throws IOException {
        server = new TestHttpServer();
    }

    /** Serves both GGUF fixtures where the test catalog points, below {@link #base()} used as mirror. */
    public LoopbackModelServer serveCatalogFiles() {
        server.serve(STORIES_PATH, stories());
        server.serve(TINY_PATH, tiny());
        return this;
    }

    public LoopbackModelServer serve(String path, byte[] content) {
        server.serve(path, content);
        return this;
    }

    public String base() {
        return server.base();
    }

    public String url(String path) {
        return server.url(path);
    }

    /** Drops the connection after this many body bytes of the next response. */
    public void dropAfterBytes(long n) {
        server.dropAfterBytes = n;
    }

    /** The Range header of each request, in order (null when none). */
    public List<String> ranges() {
        return server.requests().stream().map(TestHttpServer.Request::range).toList();
    }

    public int requestCount() {
        return server.requests().size();
    }

    public static byte[] stories() {
        return TestSupport.stories();
    }

    public static byte[] tiny() {
        return TestSupport.tiny();
    }

    /** @return the test catalog JSON (stories260k and tiny-random with verified size and sha256, Hugging Face URLs) */
    public static String testCatalogJson() {
        return new String(TestSupport.resource("test-catalog.json"), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.close();
    }
}
