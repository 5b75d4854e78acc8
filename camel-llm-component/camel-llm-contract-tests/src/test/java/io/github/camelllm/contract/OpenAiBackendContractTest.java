package io.github.camelllm.contract;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.main.Main;

/**
 * The contract on the openai backend, over real HTTP on loopback, against the project's own OpenAI-compatible route
 * (routes/openai-server) serving the bundled model with the chatml template.
 */
class OpenAiBackendContractTest extends BackendContract {

    private Main server;
    private int port;

    @Override
    void startServer() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path instance = Files.createTempFile("openai-server", ".camel.yaml");
        instance.toFile().deleteOnExit();
        Files.writeString(instance, """
                - templatedRoute:
                    routeTemplateRef: llm-openai-server
                    parameters:
                      - name: modelName
                        value: stories260K
                      - name: chatTemplate
                        value: chatml
                      - name: parallel
                        value: "2"
                """);
        server = new Main();
        server.configure().withRoutesIncludePattern("classpath:camel-llm/openai-server.camel.yaml,file:" + instance);
        server.addInitialProperty("camel.server.enabled", "true");
        server.addInitialProperty("camel.server.host", "127.0.0.1");
        server.addInitialProperty("camel.server.port", String.valueOf(port));
        server.addInitialProperty("camel.main.shutdownTimeout", "5");
        server.start();
    }

    @Override
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Override
    String backendName() {
        return "openai";
    }

    @Override
    String backendParameters() {
        return "backend: openai, baseUrl: \"http://127.0.0.1:" + port + "/v1\", model: stories260K, maxRetries: 0";
    }
}
