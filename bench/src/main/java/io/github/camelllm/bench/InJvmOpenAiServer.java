package io.github.camelllm.bench;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.main.Main;

/**
 * The project's OpenAI-compatible serving route (routes/openai-server) on loopback, serving the bundled model: the
 * server the HTTP harnesses measure when no other one is given.
 */
final class InJvmOpenAiServer implements AutoCloseable {

    private final Main main;
    private final String baseUrl;

    private InJvmOpenAiServer(Main main, String baseUrl) {
        this.main = main;
        this.baseUrl = baseUrl;
    }

    /** Starts the server on a free port, with the given context size per slot and llama.cpp threads (null: default). */
    static InJvmOpenAiServer start(int contextSize, Integer threads) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path instance = Files.createTempFile("bench-openai-server", ".camel.yaml");
        instance.toFile().deleteOnExit();
        Files.writeString(instance, """
                - templatedRoute:
                    routeTemplateRef: llm-openai-server
                    parameters:
                      - name: modelName
                        value: stories260K
                      - name: contextSize
                        value: "%d"
                """.formatted(contextSize));
        Main server = new Main();
        server.configure().withRoutesIncludePattern("classpath:camel-llm/openai-server.camel.yaml,file:" + instance);
        server.addInitialProperty("camel.server.enabled", "true");
        server.addInitialProperty("camel.server.host", "127.0.0.1");
        server.addInitialProperty("camel.server.port", String.valueOf(port));
        if (threads != null) {
            server.addInitialProperty("camel.component.llm.threads", String.valueOf(threads));
        }
        server.start();
        return new InJvmOpenAiServer(server, "http://127.0.0.1:" + port + "/v1");
    }

    /** {@code http://127.0.0.1:<port>/v1} */
    String baseUrl() {
        return baseUrl;
    }

    Main main() {
        return main;
    }

    @Override
    public void close() {
        main.stop();
    }
}
