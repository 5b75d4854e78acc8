package io.github.camelllm.contract;

import io.github.camelllm.remote.ollama.OllamaWireServer;

/** The contract on the ollama backend, against an in-JVM server speaking Ollama's wire format over the real model. */
class OllamaBackendContractTest extends BackendContract {

    private LocalOllamaEngine engine;
    private OllamaWireServer server;

    @Override
    void startServer() {
        engine = new LocalOllamaEngine();
        server = OllamaWireServer.start(engine, "stories260K");
    }

    @Override
    void stopServer() {
        server.close();
        engine.close();
    }

    @Override
    String backendName() {
        return "ollama";
    }

    @Override
    String backendParameters() {
        return "model: \"stories260K@ollama\", baseUrl: \"" + server.baseUrl() + "\", maxRetries: 0";
    }
}
