package io.github.camelllm.models;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * One download for {@link ModelDownloader#pull(DownloadRequest)}: what to fetch, what it must be, and where it goes.
 * Immutable; build one with {@link #builder(URI, Path)} or {@link #builder(CatalogEntry, Path)}.
 *
 * @param url          the GGUF file's URL (http or https)
 * @param fileName     the local file name: a plain name ending in {@code .gguf}; checked when the download starts
 *                     (see {@link ModelDownloader#safeTarget})
 * @param sha256       the expected SHA-256, lowercase hex, or null if unknown
 * @param expectedSize the expected size in bytes, or null if unknown
 * @param modelsDir    the models directory, absolute and normalized (created if missing)
 * @param force        download again even if a good file is in place, discarding any {@code .part}
 * @param listener     the progress receiver ({@link ProgressListener#NONE} when none is given)
 */
public record DownloadRequest(
        URI url,
        String fileName,
        String sha256,
        Long expectedSize,
        Path modelsDir,
        boolean force,
        ProgressListener listener) {

    /**
     * Checks and normalizes the components.
     *
     * @throws NullPointerException     if {@code url} or {@code modelsDir} is null
     * @throws IllegalArgumentException if the URL is not http or https
     */
    public DownloadRequest {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(modelsDir, "modelsDir");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("only http and https URLs can be downloaded: " + url);
        }
        sha256 = sha256 == null || sha256.isBlank() ? null : sha256.trim().toLowerCase(Locale.ROOT);
        modelsDir = modelsDir.toAbsolutePath().normalize();
        listener = listener == null ? ProgressListener.NONE : listener;
    }

    /**
     * @param url       the GGUF file's URL; its last path segment is the default file name
     * @param modelsDir the models directory
     * @return a builder with no checksum or size known, not forced, without progress
     */
    public static Builder builder(URI url, Path modelsDir) {
        return new Builder(url, modelsDir);
    }

    /**
     * @param entry     a catalog entry (apply a mirror to the catalog first if needed)
     * @param modelsDir the models directory
     * @return a builder with the entry's URL, file name, and, when known, SHA-256 and size
     * @throws IllegalArgumentException if the entry's URL is not a valid URI
     */
    public static Builder builder(CatalogEntry entry, Path modelsDir) {
        Objects.requireNonNull(entry, "entry");
        return builder(toUri(entry.url()), modelsDir)
                .fileName(entry.file())
                .sha256(entry.sha256())
                .expectedSize(entry.size());
    }

    private static URI toUri(String url) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid download URL " + url + ": " + e.getMessage(), e);
        }
    }

    /** Builds a {@link DownloadRequest}. */
    public static final class Builder {
        private final URI url;
        private final Path modelsDir;
        private String fileName;
        private String sha256;
        private Long expectedSize;
        private boolean force;
        private ProgressListener listener;

        private Builder(URI url, Path modelsDir) {
            this.url = url;
            this.modelsDir = modelsDir;
        }

        /**
         * @param name the local file name; null (the default) for the URL's last path segment, URL-decoded
         * @return this
         */
        public Builder fileName(String name) {
            this.fileName = name;
            return this;
        }

        /**
         * @param hex the expected SHA-256 (hex), or null if unknown
         * @return this
         */
        public Builder sha256(String hex) {
            this.sha256 = hex;
            return this;
        }

        /**
         * @param bytes the expected size, or null if unknown
         * @return this
         */
        public Builder expectedSize(Long bytes) {
            this.expectedSize = bytes;
            return this;
        }

        /**
         * @param f download again even if a good file is in place, discarding any {@code .part}
         * @return this
         */
        public Builder force(boolean f) {
            this.force = f;
            return this;
        }

        /**
         * @param l the progress receiver, or null
         * @return this
         */
        public Builder listener(ProgressListener l) {
            this.listener = l;
            return this;
        }

        /**
         * @return the request
         * @throws NullPointerException     if the URL or the models directory is null
         * @throws IllegalArgumentException if the URL is not http or https
         */
        public DownloadRequest build() {
            Objects.requireNonNull(url, "url");
            String name = fileName != null ? fileName : ModelFileNames.fileNameOf(url);
            return new DownloadRequest(url, name, sha256, expectedSize, modelsDir, force, listener);
        }
    }
}
