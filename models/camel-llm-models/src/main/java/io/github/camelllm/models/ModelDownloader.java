package io.github.camelllm.models;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.camelllm.models.ModelDownloadException.Reason;

/**
 * Downloads GGUF models into a models directory, safely:
 * <ul>
 * <li>the body goes to {@code <file>.part} next to the target; an existing {@code .part} is resumed with
 *     {@code Range: bytes=N-} (a {@code 206} continues it, a {@code 200} means the server ignored the range and the
 *     download restarts from zero);</li>
 * <li>free space is checked ({@link java.nio.file.FileStore#getUsableSpace()}, injectable) against the
 *     Content-Length, or the catalog size, before a byte is written;</li>
 * <li>the SHA-256 is verified when known (a mismatch deletes the {@code .part} and names both hashes); when no
 *     checksum is known the download still happens, with a warning that prints the computed hash;</li>
 * <li>the result is parsed with the GGUF reader before it is moved, atomically, to the final name: there is never a
 *     half-written file under the final name;</li>
 * <li>names that would escape the models directory ({@code ../x.gguf}, absolute paths, names with {@code /} or
 *     {@code \}) are refused;</li>
 * <li>redirects are followed (not https to http); connect, response-header and read-idle timeouts apply; a dropped
 *     connection keeps the {@code .part} file so that the next pull resumes.</li>
 * </ul>
 * Instances are thread-safe. Two pulls of the same file at once (in this JVM or, through a file lock on the
 * {@code .part}, in another) are refused with {@link Reason#IN_PROGRESS}.
 *
 * <p>The downloader orchestrates: {@code PartFile} holds the {@code .part}, {@code RangeNegotiation} agrees with the
 * server where the transfer starts, {@code BodyTransfer} copies the body, {@code DiskSpace} checks the space and
 * {@code DownloadVerifier} checks the result.
 */
public final class ModelDownloader {

    /** Reports the usable bytes of the file store holding a directory. */
    @FunctionalInterface
    public interface UsableSpace {
        /**
         * @param directory an existing directory
         * @return usable bytes
         * @throws IOException on error
         */
        long usableBytes(Path directory) throws IOException;
    }

    /** Suffix of partial downloads. */
    public static final String PART_SUFFIX = ".part";

    private static final System.Logger LOG = System.getLogger(ModelDownloader.class.getName());
    private static final Set<Path> ACTIVE = ConcurrentHashMap.newKeySet();

    private final RangeNegotiation negotiation;
    private final BodyTransfer transfer;
    private final DiskSpace diskSpace;

    private ModelDownloader(Builder b) {
        this.negotiation = new RangeNegotiation(new HttpRangeClient(b.connectTimeout, b.requestTimeout, b.headers));
        this.transfer = new BodyTransfer(b.readTimeout);
        this.diskSpace = new DiskSpace(b.usableSpace);
    }

    /** A downloader with the default settings (connect 30 s, response headers 60 s, read idle 60 s). */
    public ModelDownloader() {
        this(builder());
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a {@link ModelDownloader}. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Duration readTimeout = Duration.ofSeconds(60);
        private UsableSpace usableSpace = dir -> Files.getFileStore(dir).getUsableSpace();
        private final Map<String, String> headers = new LinkedHashMap<>();

        private Builder() {}

        /**
         * @param d time to establish a connection
         * @return this
         */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive(d);
            return this;
        }

        /**
         * @param d time from sending the request to receiving the response headers
         * @return this
         */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = positive(d);
            return this;
        }

        /**
         * @param d longest time without receiving any body bytes before the transfer is abandoned (the
         *          {@code .part} file is kept)
         * @return this
         */
        public Builder readTimeout(Duration d) {
            this.readTimeout = positive(d);
            return this;
        }

        /**
         * @param s how to measure usable disk space (tests inject a fixed value)
         * @return this
         */
        public Builder usableSpace(UsableSpace s) {
            this.usableSpace = Objects.requireNonNull(s, "usableSpace");
            return this;
        }

        /**
         * @param name  an extra request header, e.g. {@code Authorization} for a gated repository or mirror
         * @param value its value
         * @return this
         */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** @return the downloader */
        public ModelDownloader build() {
            return new ModelDownloader(this);
        }

        private static Duration positive(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + d);
            }
            return d;
        }
    }

    /**
     * Downloads a catalog model (its URL, file name, and, when known, size and SHA-256).
     *
     * @param entry     the catalog entry (apply a mirror to the catalog first if needed)
     * @param modelsDir the models directory (created if missing)
     * @param force     download again even if a good file is in place, discarding any {@code .part}
     * @param listener  progress receiver, or null
     * @return the result
     * @throws ModelDownloadException with a {@link Reason} when the download fails
     * @throws IOException            on other local I/O errors
     */
    public DownloadResult pull(CatalogEntry entry, Path modelsDir, boolean force, ProgressListener listener)
            throws IOException {
        return pull(DownloadRequest.builder(entry, modelsDir)
                .force(force)
                .listener(listener)
                .build());
    }

    /**
     * Downloads a URL; the file name is the last path segment of the URL. No checksum is known.
     *
     * @param url       the GGUF file's URL
     * @param modelsDir the models directory (created if missing)
     * @param force     download again even if a good file is in place
     * @param listener  progress receiver, or null
     * @return the result
     * @throws IOException as {@link #pull(CatalogEntry, Path, boolean, ProgressListener)}
     */
    public DownloadResult pull(URI url, Path modelsDir, boolean force, ProgressListener listener) throws IOException {
        return pull(DownloadRequest.builder(url, modelsDir)
                .force(force)
                .listener(listener)
                .build());
    }

    /**
     * Downloads a URL to {@code modelsDir/fileName}; the same as {@link #pull(DownloadRequest)}.
     *
     * @param url          the GGUF file's URL (http or https)
     * @param fileName     the local file name: a plain name ending in {@code .gguf}
     * @param sha256       the expected SHA-256 (hex), or null if unknown
     * @param expectedSize the expected size in bytes, or null if unknown
     * @param modelsDir    the models directory (created if missing)
     * @param force        download again even if a good file is in place, discarding any {@code .part}
     * @param listener     progress receiver, or null
     * @return the result
     * @throws IOException as {@link #pull(CatalogEntry, Path, boolean, ProgressListener)}
     */
    public DownloadResult pull(
            URI url,
            String fileName,
            String sha256,
            Long expectedSize,
            Path modelsDir,
            boolean force,
            ProgressListener listener)
            throws IOException {
        return pull(new DownloadRequest(url, fileName, sha256, expectedSize, modelsDir, force, listener));
    }

    /**
     * Downloads a model: keeps a good file already in place (unless forced), else fetches it into its
     * {@code .part} file, resuming an earlier attempt when possible, verifies it and moves it to the final name.
     *
     * @param request what to download and where
     * @return the result
     * @throws IOException as {@link #pull(CatalogEntry, Path, boolean, ProgressListener)}
     */
    public DownloadResult pull(DownloadRequest request) throws IOException {
        Objects.requireNonNull(request, "request");
        Path target = safeTarget(request.modelsDir(), request.fileName());
        Path part = PartFile.pathFor(target);
        Files.createDirectories(request.modelsDir());

        if (!ACTIVE.add(target)) {
            throw new ModelDownloadException(
                    Reason.IN_PROGRESS, "a download of " + target + " is already running in this JVM", null, null);
        }
        try {
            DownloadWarnings warnings = new DownloadWarnings();
            DownloadVerifier verifier = new DownloadVerifier(request, target, part, warnings);
            if (!request.force() && Files.isRegularFile(target)) {
                Optional<DownloadResult> present = verifier.checkInstalled();
                if (present.isPresent()) {
                    return present.get();
                }
            }
            try {
                return download(request, target, part, verifier, warnings);
            } catch (IOException | RuntimeException e) {
                // do not leave an empty .part behind (e.g. refused for disk space, 404 before any byte)
                PartFile.deleteIfEmpty(part);
                throw e;
            }
        } finally {
            ACTIVE.remove(target);
        }
    }

    private DownloadResult download(
            DownloadRequest request, Path target, Path partPath, DownloadVerifier verifier, DownloadWarnings warnings)
            throws IOException {
        URI url = request.url();
        Long expectedSize = request.expectedSize();
        long size;
        String sha256;
        boolean resumed;
        try (PartFile part = PartFile.open(partPath)) {
            long offset = part.resumeOffset(request.force(), expectedSize, warnings);
            if (expectedSize != null) {
                diskSpace.require(request.modelsDir(), expectedSize - offset, url);
            }
            part.hashExisting();
            RangeNegotiation.Outcome outcome = negotiation.negotiate(url, part, warnings);
            resumed = outcome.resumed();
            if (outcome.complete()) {
                size = part.size();
                request.listener().onProgress(size, outcome.total(), 0);
            } else {
                requireSpaceFor(outcome, part, request);
                size = transfer.copy(outcome.body(), outcome.total(), part, url, request.listener());
            }
            part.flush();
            sha256 = part.sha256();
        }
        // the .part is complete and closed: verify, then move into place
        boolean verified = verifier.verifyPart(size, sha256);
        PartFile.install(partPath, target);
        LOG.log(
                System.Logger.Level.INFO,
                "downloaded {0} ({1} bytes, sha256 {2})",
                target,
                String.valueOf(size),
                sha256);
        return new DownloadResult(target, sha256, size, true, resumed, verified, warnings.list());
    }

    private void requireSpaceFor(RangeNegotiation.Outcome outcome, PartFile part, DownloadRequest request)
            throws IOException {
        long offset = part.size();
        Long expectedSize = request.expectedSize();
        long remaining =
                outcome.total() >= 0 ? outcome.total() - offset : expectedSize != null ? expectedSize - offset : -1;
        try {
            diskSpace.require(request.modelsDir(), remaining, request.url());
        } catch (ModelDownloadException e) {
            outcome.body().discard();
            throw e;
        }
    }

    /**
     * Resolves a file name inside the models directory, refusing anything that could escape it.
     *
     * @param modelsDir the models directory
     * @param fileName  a plain file name ending in {@code .gguf}: letters, digits, {@code . _ + -}; no {@code /},
     *                  {@code \}, {@code ..} path segments or absolute paths
     * @return {@code modelsDir/fileName}, normalized
     * @throws ModelDownloadException with {@link Reason#INVALID_NAME} otherwise
     */
    public static Path safeTarget(Path modelsDir, String fileName) throws ModelDownloadException {
        return ModelFileNames.safeTarget(modelsDir, fileName);
    }

    /**
     * @param url a download URL
     * @return its last path segment, URL-decoded (not yet checked, see {@link #safeTarget})
     */
    public static String fileNameOf(URI url) {
        return ModelFileNames.fileNameOf(url);
    }

    /**
     * @param file a file
     * @return its SHA-256, lowercase hex
     * @throws IOException on read errors
     */
    public static String sha256(Path file) throws IOException {
        return Sha256.of(file);
    }
}
