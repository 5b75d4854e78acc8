package io.github.camelllm.llamacpp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A site's own model catalog ({@code camel.llm.models.catalog}) with one entry — the real bundled stories260K file,
 * its real size and hash, under another name — and a mirror ({@code camel.llm.models.mirror}) on loopback that the
 * entry's Hugging Face URL is redirected to. Set as system properties; {@link #clear()} removes them.
 */
final class SiteCatalog {

    private SiteCatalog() {}

    static void install(String name, String description, String file, int mirrorPort) throws IOException {
        Path catalog = Files.createTempFile("catalog", ".json");
        catalog.toFile().deleteOnExit();
        Files.writeString(catalog, """
                {"schemaVersion": 1, "notes": "test", "models": [{
                  "name": "%s", "kind": "chat", "description": "%s", "goodFor": "tests",
                  "url": "https://huggingface.co/test/%s-GGUF/resolve/main/%s", "file": "%s",
                  "size": 1185376, "sha256": "%s", "quantization": "F32", "parameters": "260K", "license": "MIT",
                  "contextLength": 2048, "chatTemplate": null }]}
                """.formatted(name, description, name, file, file, LlmModelsTest.BUNDLED_SHA256));
        System.setProperty("camel.llm.models.catalog", catalog.toString());
        System.setProperty("camel.llm.models.mirror", "http://127.0.0.1:" + mirrorPort + "/");
    }

    static void clear() {
        System.clearProperty("camel.llm.models.mirror");
        System.clearProperty("camel.llm.models.catalog");
    }
}
