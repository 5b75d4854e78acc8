package io.github.camelllm.models;

import io.github.camelllm.gguf.GgufFile;
import io.github.camelllm.models.ModelDownloadException.Reason;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern CONTENT_RANGE_UNSATISFIED = Pattern.compile("bytes\\s+\\*/(\\d+)");
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*\\.gguf");
    private static final Set<Path> ACTIVE = ConcurrentHashMap.newKeySet();
    private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final HttpClient client;
    private final Duration requestTimeout;
    private final Duration readTimeout;
    private final UsableSpace usableSpace;
    private final Map<String, String> headers;

    private ModelDownloader(Builder b) {
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(b.connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.requestTimeout = b.requestTimeout;
        this.readTimeout = b.readTimeout;
        this.usableSpace = b.usableSpace;
        this.headers = Map.copyOf(b.headers);
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

        private Builder() {
        }

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
        Objects.requireNonNull(entry, "entry");
        return pull(toUri(entry.url()), entry.file(), entry.sha256(), entry.size(), modelsDir, force, listener);
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
        return pull(url, fileNameOf(url), null, null, modelsDir, force, listener);
    }

    /**
     * Downloads a URL to {@code modelsDir/fileName}.
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
    public DownloadResult pull(URI url, String fileName, String sha256, Long expectedSize, Path modelsDir,
            boolean force, ProgressListener listener) throws IOException {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(modelsDir, "modelsDir");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("only http and https URLs can be downloaded: " + url);
        }
        String expected = sha256 == null || sha256.isBlank() ? null : sha256.trim().toLowerCase(Locale.ROOT);
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        Path dir = modelsDir.toAbsolutePath().normalize();
        Path target = safeTarget(dir, fileName);
        Path part = dir.resolve(fileName + PART_SUFFIX);
        Files.createDirectories(dir);

        if (!ACTIVE.add(target)) {
            throw new ModelDownloadException(Reason.IN_PROGRESS,
                    "a download of " + target + " is already running in this JVM", null, null);
        }
        try {
            List<String> warnings = new ArrayList<>();
            if (!force && Files.isRegularFile(target)) {
                DownloadResult present = checkExisting(target, expected, expectedSize, warnings);
                if (present != null) {
                    return present;
                }
            }
            try {
                return download(url, fileName, expected, expectedSize, dir, target, part, force, progress, warnings);
            } catch (IOException | RuntimeException e) {
                // do not leave an empty .part behind (e.g. refused for disk space, 404 before any byte)
                try {
                    if (Files.isRegularFile(part) && Files.size(part) == 0) {
                        Files.deleteIfExists(part);
                    }
                } catch (IOException ignored) {
                    // best effort
                }
                throw e;
            }
        } finally {
            ACTIVE.remove(target);
        }
    }

    private DownloadResult checkExisting(Path target, String expected, Long expectedSize, List<String> warnings)
            throws IOException {
        long size = Files.size(target);
        String actual = sha256(target);
        if (expected != null) {
            if (expected.equals(actual)) {
                LOG.log(System.Logger.Level.INFO, "{0} is already present and its sha256 matches", target);
                return new DownloadResult(target, actual, size, false, false, true, warnings);
            }
            warn(warnings, "existing " + target + " has sha256 " + actual + " but " + expected
                    + " is expected; downloading it again");
            return null;
        }
        if (expectedSize != null && expectedSize != size) {
            warn(warnings, "existing " + target + " has " + size + " bytes but " + expectedSize
                    + " are expected; downloading it again");
            return null;
        }
        try {
            GgufFile.read(target);
        } catch (IOException e) {
            warn(warnings, "existing " + target + " is not a readable GGUF file (" + e.getMessage()
                    + "); downloading it again");
            return null;
        }
        warn(warnings, "no sha256 is known for " + target.getFileName() + "; the file in place is a readable GGUF"
                + " file with sha256 " + actual + " and was kept (use force to download it again)");
        return new DownloadResult(target, actual, size, false, false, false, warnings);
    }

    private DownloadResult download(URI url, String fileName, String expected, Long expectedSize, Path dir,
            Path target, Path part, boolean force, ProgressListener progress, List<String> warnings)
            throws IOException {
        MessageDigest md = newSha256();
        long done;
        long total;
        boolean resumed = false;
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new ModelDownloadException(Reason.IN_PROGRESS, "another process is downloading " + part
                        + " (the file is locked)", null, null);
            }
            if (force && ch.size() > 0) {
                LOG.log(System.Logger.Level.INFO, "force: discarding {0} bytes of {1}", String.valueOf(ch.size()), part);
                ch.truncate(0);
            }
            long offset = ch.size();
            if (expectedSize != null && offset > expectedSize) {
                warn(warnings, part + " is larger than the expected " + expectedSize + " bytes; starting again");
                ch.truncate(0);
                offset = 0;
            }
            if (expectedSize != null) {
                checkSpace(dir, expectedSize - offset, url);
            }
            hashPrefix(ch, offset, md);

            Response r = null;
            for (int attempt = 0; attempt < 3 && r == null; attempt++) {
                r = request(url, offset, part);
                int status = r.response.statusCode();
                if (status == 206) {
                    String cr = r.response.headers().firstValue("Content-Range").orElse("");
                    Matcher m = CONTENT_RANGE.matcher(cr.trim());
                    if (offset > 0 && m.matches() && Long.parseLong(m.group(1)) == offset) {
                        r.total = m.group(3).equals("*")
                                ? r.contentLength().map(l -> l + Long.parseLong(m.group(1))).orElse(-1L)
                                : Long.parseLong(m.group(3));
                        resumed = true;
                        LOG.log(System.Logger.Level.INFO, "resuming {0} at byte {1}", part, String.valueOf(offset));
                    } else {
                        warn(warnings, "the server answered the range request for " + url + " with an unusable "
                                + "Content-Range '" + cr + "'; starting again from zero");
                        r.discard();
                        r = null;
                        ch.truncate(0);
                        offset = 0;
                        md.reset();
                    }
                } else if (status == 200) {
                    if (offset > 0) {
                        warn(warnings, "the server ignored the range request for " + url
                                + " (HTTP 200 instead of 206); downloading from zero");
                        ch.truncate(0);
                        offset = 0;
                        md.reset();
                    }
                    r.total = r.contentLength().orElse(-1L);
                } else if (status == 416 && offset > 0) {
                    String cr = r.response.headers().firstValue("Content-Range").orElse("");
                    Matcher m = CONTENT_RANGE_UNSATISFIED.matcher(cr.trim());
                    r.discard();
                    if (m.matches() && Long.parseLong(m.group(1)) == offset) {
                        LOG.log(System.Logger.Level.INFO, "{0} is already complete ({1} bytes)", part, String.valueOf(offset));
                        r.total = offset;
                        r.complete = true;
                        resumed = true;
                    } else {
                        warn(warnings, "the server cannot resume " + url + " at byte " + offset
                                + " (HTTP 416); starting again from zero");
                        r = null;
                        ch.truncate(0);
                        offset = 0;
                        md.reset();
                    }
                } else {
                    r.discard();
                    throw httpError(url, status, r.response.uri(), part, offset);
                }
            }
            if (r == null) {
                throw new ModelDownloadException(Reason.HTTP_ERROR, "the server keeps answering range requests for "
                        + url + " wrongly; giving up", null, null);
            }
            total = r.total;
            if (!r.complete) {
                long remaining = total >= 0 ? total - offset : expectedSize != null ? expectedSize - offset : -1;
                try {
                    checkSpace(dir, remaining, url);
                } catch (ModelDownloadException e) {
                    r.discard();
                    throw e;
                }
            }
            if (r.complete) {
                done = offset;
                progress.onProgress(done, total, 0);
            } else {
                done = transfer(r, ch, offset, total, md, part, url, progress);
            }
            ch.force(false);
            lock.release();
        }

        // the .part is complete and closed: verify, then move into place
        if (expectedSize != null && done != expectedSize) {
            Files.deleteIfExists(part);
            throw new ModelDownloadException(Reason.SIZE_MISMATCH, "downloaded " + done + " bytes from " + url
                    + " but the catalog says " + fileName + " has " + expectedSize + " bytes; the partial file "
                    + part + " was deleted", null, null);
        }
        String actual = HexFormat.of().formatHex(md.digest());
        boolean verified = false;
        if (expected != null) {
            if (!expected.equals(actual)) {
                Files.deleteIfExists(part);
                throw new ModelDownloadException(Reason.CHECKSUM_MISMATCH, "sha256 mismatch for " + fileName
                        + " downloaded from " + url + ": expected " + expected + ", got " + actual
                        + ". The partial file " + part + " was deleted; nothing was written to " + target
                        + ". Check the URL or mirror, then pull again.", null, null);
            }
            verified = true;
        } else {
            warn(warnings, "no sha256 is known for " + fileName + ", so the download could not be verified; its"
                    + " sha256 is " + actual + " (compare it with the model card on the download site)");
        }
        try {
            GgufFile.read(part);
        } catch (IOException e) {
            Files.deleteIfExists(part);
            throw new ModelDownloadException(Reason.NOT_GGUF, "the file downloaded from " + url
                    + " is not a valid GGUF model (" + e.getMessage() + "). It may be an error or login page; the "
                    + "partial file was deleted and nothing was written to " + target, null, e);
        }
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // same directory, so this should not happen; fall back to a plain rename
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
        LOG.log(System.Logger.Level.INFO, "downloaded {0} ({1} bytes, sha256 {2})", target, String.valueOf(done), actual);
        return new DownloadResult(target, actual, done, true, resumed, verified, warnings);
    }

    /** A response whose body is consumed chunk by chunk with an idle timeout. */
    private static final class Response {
        final HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
        final BodyQueue body = new BodyQueue();
        long total = -1;
        boolean complete;

        Response(HttpResponse<Flow.Publisher<List<ByteBuffer>>> response) {
            this.response = response;
        }

        java.util.Optional<Long> contentLength() {
            return response.headers().firstValueAsLong("Content-Length").stream().boxed().findFirst();
        }

        void discard() {
            response.body().subscribe(body);
            body.cancel();
        }
    }

    /** Bridges the body publisher to a blocking queue, one chunk list at a time. */
    private static final class BodyQueue implements Flow.Subscriber<List<ByteBuffer>> {
        private static final Object END = new Object();
        private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        private volatile Flow.Subscription subscription;
        private volatile boolean cancelled;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (cancelled) {
                s.cancel();
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            queue.add(item);
        }

        @Override
        public void onError(Throwable t) {
            queue.add(t);
        }

        @Override
        public void onComplete() {
            queue.add(END);
        }

        /** @return a chunk list, END, a Throwable, or null on timeout */
        Object poll(Duration timeout) throws InterruptedException {
            return queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        void requestMore() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.request(1);
            }
        }

        void cancel() {
            cancelled = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }

    private Response request(URI url, long offset, Path part) throws IOException {
        HttpRequest.Builder rb = HttpRequest.newBuilder(url).GET().timeout(requestTimeout)
                .header("User-Agent", "camel-llm-models")
                .header("Accept-Encoding", "identity");
        headers.forEach(rb::header);
        if (offset > 0) {
            rb.header("Range", "bytes=" + offset + "-");
        }
        try {
            return new Response(client.send(rb.build(), HttpResponse.BodyHandlers.ofPublisher()));
        } catch (HttpTimeoutException e) {
            throw new ModelDownloadException(Reason.CONNECTION_FAILED, "no response from " + url + " within "
                    + requestTimeout.toSeconds() + " s" + keptNote(part, offset), offset > 0 ? part : null, e);
        } catch (ConnectException e) {
            throw new ModelDownloadException(Reason.CONNECTION_FAILED, "cannot connect to " + url + ": " + e
                    + keptNote(part, offset), offset > 0 ? part : null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while requesting " + url);
        } catch (IOException e) {
            throw new ModelDownloadException(Reason.CONNECTION_FAILED, "request to " + url + " failed: " + e
                    + keptNote(part, offset), offset > 0 ? part : null, e);
        }
    }

    private long transfer(Response r, FileChannel ch, long offset, long total, MessageDigest md, Path part, URI url,
            ProgressListener progress) throws IOException {
        ch.position(offset);
        long done = offset;
        long started = System.nanoTime();
        long lastReport = 0;
        r.response.body().subscribe(r.body);
        progress.onProgress(done, total, 0);
        try {
            while (true) {
                Object item;
                try {
                    item = r.body.poll(readTimeout);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    r.body.cancel();
                    throw new ModelDownloadException(Reason.INTERRUPTED, "download of " + url + " interrupted after "
                            + done + " bytes" + keptNote(part, done), part, e);
                }
                if (item == null) {
                    r.body.cancel();
                    throw new ModelDownloadException(Reason.INTERRUPTED, "no data from " + url + " for "
                            + readTimeout.toSeconds() + " s after " + done + bytesOf(total) + keptNote(part, done),
                            part, null);
                }
                if (item instanceof Throwable t) {
                    throw new ModelDownloadException(Reason.INTERRUPTED, "the connection to " + url + " dropped after "
                            + done + bytesOf(total) + " (" + t + ")" + keptNote(part, done), part, t);
                }
                if (item == BodyQueue.END) {
                    break;
                }
                @SuppressWarnings("unchecked")
                List<ByteBuffer> buffers = (List<ByteBuffer>) item;
                for (ByteBuffer b : buffers) {
                    ByteBuffer forHash = b.duplicate();
                    while (b.hasRemaining()) {
                        done += ch.write(b);
                    }
                    md.update(forHash);
                }
                if (total >= 0 && done > total) {
                    r.body.cancel();
                    ch.truncate(0);
                    throw new ModelDownloadException(Reason.SIZE_MISMATCH, "the server sent more than the "
                            + total + " bytes it announced for " + url + "; the partial file was emptied", null, null);
                }
                r.body.requestMore();
                long now = System.nanoTime();
                if (now - lastReport >= PROGRESS_INTERVAL_NANOS) {
                    lastReport = now;
                    progress.onProgress(done, total, rate(done - offset, now - started));
                }
            }
        } catch (ModelDownloadException e) {
            throw e;
        } catch (IOException e) {
            r.body.cancel();
            throw new ModelDownloadException(Reason.IO_ERROR, "cannot write " + part + ": " + e.getMessage()
                    + keptNote(part, done), part, e);
        }
        if (total >= 0 && done < total) {
            throw new ModelDownloadException(Reason.INTERRUPTED, "the connection to " + url + " closed after "
                    + done + bytesOf(total) + keptNote(part, done), part, null);
        }
        progress.onProgress(done, total, rate(done - offset, System.nanoTime() - started));
        return done;
    }

    private void checkSpace(Path dir, long needed, URI url) throws IOException {
        if (needed <= 0) {
            return;
        }
        long usable = usableSpace.usableBytes(dir);
        if (usable < needed) {
            throw new ModelDownloadException(Reason.INSUFFICIENT_SPACE, "not enough disk space to download " + url
                    + " into " + dir + ": " + needed + " bytes (" + human(needed) + ") needed, " + usable + " bytes ("
                    + human(usable) + ") usable. Free some space or set camel.llm.models.dir / CAMEL_LLM_MODELS_DIR"
                    + " to another directory.", null, null);
        }
    }

    private static ModelDownloadException httpError(URI url, int status, URI finalUri, Path part, long offset) {
        String at = finalUri != null && !finalUri.equals(url) ? " (redirected to " + finalUri + ")" : "";
        if (status == 404) {
            return new ModelDownloadException(Reason.NOT_FOUND, "HTTP 404 Not Found: " + url + at
                    + ". Check the model name or URL, and the mirror setting (camel.llm.models.mirror /"
                    + " CAMEL_LLM_MODELS_MIRROR) if you use one.", offset > 0 ? part : null, null);
        }
        String hint = status == 401 || status == 403
                ? ". The repository may be gated or need a token (ModelDownloader.builder().header(\"Authorization\","
                  + " \"Bearer ...\"))"
                : "";
        return new ModelDownloadException(Reason.HTTP_ERROR, "HTTP " + status + " from " + url + at + hint
                + keptNote(part, offset), offset > 0 ? part : null, null);
    }

    private static String keptNote(Path part, long bytes) {
        return bytes > 0 ? ". The partial download (" + bytes + " bytes) is kept in " + part
                + "; pull again to resume it." : "";
    }

    private static String bytesOf(long total) {
        return total >= 0 ? " of " + total + " bytes" : " bytes";
    }

    private static double rate(long bytes, long nanos) {
        return nanos <= 0 ? 0 : bytes * 1e9 / nanos;
    }

    private static void hashPrefix(FileChannel ch, long length, MessageDigest md) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        long pos = 0;
        while (pos < length) {
            buf.clear();
            if (length - pos < buf.capacity()) {
                buf.limit((int) (length - pos));
            }
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("partial file shrank while reading it");
            }
            buf.flip();
            md.update(buf);
            pos += n;
        }
    }

    private static void warn(List<String> warnings, String message) {
        warnings.add(message);
        LOG.log(System.Logger.Level.WARNING, message);
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
        if (fileName == null || fileName.isBlank() || fileName.contains("/") || fileName.contains("\\")
                || fileName.contains(":") || fileName.indexOf('\0') >= 0 || fileName.equals(".")
                || fileName.equals("..") || !SAFE_NAME.matcher(fileName).matches()) {
            throw new ModelDownloadException(Reason.INVALID_NAME, "refusing model file name '" + fileName
                    + "': it must be a plain file name ending in .gguf (letters, digits, '.', '_', '+', '-'; no path"
                    + " separators, no '..', not absolute), so that it stays inside the models directory", null, null);
        }
        Path dir = modelsDir.toAbsolutePath().normalize();
        Path target = dir.resolve(fileName).normalize();
        if (!dir.equals(target.getParent())) {
            throw new ModelDownloadException(Reason.INVALID_NAME, "refusing model file name '" + fileName
                    + "': it resolves outside " + dir, null, null);
        }
        return target;
    }

    /**
     * @param url a download URL
     * @return its last path segment, URL-decoded (not yet checked, see {@link #safeTarget})
     */
    public static String fileNameOf(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        return URLDecoder.decode(last, StandardCharsets.UTF_8);
    }

    /**
     * @param file a file
     * @return its SHA-256, lowercase hex
     * @throws IOException on read errors
     */
    public static String sha256(Path file) throws IOException {
        MessageDigest md = newSha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static URI toUri(String url) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid download URL " + url + ": " + e.getMessage(), e);
        }
    }

    static String human(long bytes) {
        return io.github.camelllm.models.Bytes.human(bytes);
    }
}
