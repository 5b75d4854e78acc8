package io.github.camelllm.models;

import java.util.Objects;

/**
 * A well-known model in the {@link ModelCatalog}.
 *
 * @param name          short name used in the {@code model} option and by {@code camel-llm model pull}, e.g.
 *                      {@code "llama-3.2-1b"}
 * @param kind          what the model does
 * @param description   one line describing the model and quantization
 * @param goodFor       what the model is good for
 * @param url           where to download the GGUF file (https)
 * @param file          the local file name, a plain name ending in {@code .gguf}
 * @param size          the file size in bytes, or null if not verified
 * @param sha256        the lowercase hex SHA-256 of the file, or null if not verified
 * @param quantization  the quantization, e.g. {@code "Q4_K_M"}
 * @param parameters    the parameter count as written on the model card, e.g. {@code "3.8B"}
 * @param license       the model license
 * @param contextLength the training context length in tokens
 * @param chatTemplate  the chat template family ({@code "chatml"}, {@code "llama3"}, ...), null for embedding models
 */
public record CatalogEntry(
        String name,
        Kind kind,
        String description,
        String goodFor,
        String url,
        String file,
        Long size,
        String sha256,
        String quantization,
        String parameters,
        String license,
        Integer contextLength,
        String chatTemplate) {

    /** What a model is for. */
    public enum Kind {
        /** a text generation / chat model */
        CHAT,
        /** an embedding model */
        EMBEDDING;

        /** @return the lowercase name used in the catalog file */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public CatalogEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(file, "file");
        if (sha256 != null) {
            sha256 = sha256.toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** @return true if a checksum is known for the file */
    public boolean hasChecksum() {
        return sha256 != null && !sha256.isBlank();
    }

    /**
     * @param newUrl the replacement download URL
     * @return a copy with another URL
     */
    public CatalogEntry withUrl(String newUrl) {
        return new CatalogEntry(
                name,
                kind,
                description,
                goodFor,
                newUrl,
                file,
                size,
                sha256,
                quantization,
                parameters,
                license,
                contextLength,
                chatTemplate);
    }

    /** @return the command that downloads this model */
    public String pullCommand() {
        return "camel-llm model pull " + name;
    }
}
