package io.github.camelllm.models.bundled;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The demo model that ships with camel-llm: karpathy's stories260K (TinyStories, MIT), as GGUF.
 * <p>
 * llama.cpp opens models from files, so the resource is copied once to a cache directory and its
 * checksum verified. The copy is written to a temporary file and moved into place atomically, so
 * concurrent JVMs never see a half-written file.
 */
public final class BundledModel {

    /** File name of the bundled model. */
    public static final String FILE_NAME = "stories260K.gguf";
    /** SHA-256 of the bundled model file. */
    public static final String SHA256 = "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d";
    /** Size in bytes of the bundled model file. */
    public static final long SIZE = 1_185_376L;
    /** Classpath resource of the model. */
    public static final String RESOURCE = "io/github/camelllm/models/bundled/" + FILE_NAME;
    /** Classpath resource of the license and provenance note. */
    public static final String NOTICE_RESOURCE = "io/github/camelllm/models/bundled/stories260K.NOTICE.txt";

    private static volatile Path extracted;

    private BundledModel() {}

    /**
     * Returns a path to the bundled model file, copying it out of the jar on first use.
     * The directory is {@code camel.llm.bundled.dir} if set, else {@code <java.io.tmpdir>/camel-llm-<user>}.
     */
    public static Path path() {
        Path p = extracted;
        if (p != null && Files.isRegularFile(p)) {
            return p;
        }
        synchronized (BundledModel.class) {
            if (extracted == null || !Files.isRegularFile(extracted)) {
                extracted = extract(cacheDirectory());
            }
            return extracted;
        }
    }

    static Path cacheDirectory() {
        String configured = System.getProperty("camel.llm.bundled.dir");
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        return Paths.get(System.getProperty("java.io.tmpdir"), "camel-llm-" + user);
    }

    static Path extract(Path directory) {
        try {
            // a directory per content hash keeps the model's own file name and never mixes versions
            Path versioned = Files.createDirectories(directory.resolve(SHA256.substring(0, 12)));
            Path target = versioned.resolve(FILE_NAME);
            if (Files.isRegularFile(target) && Files.size(target) == SIZE && SHA256.equals(sha256(target))) {
                return target;
            }
            Path tmp = Files.createTempFile(versioned, "stories260K-", ".part");
            try {
                String digest;
                try (InputStream in = open();
                        DigestInputStream din = new DigestInputStream(in, MessageDigest.getInstance("SHA-256"))) {
                    Files.copy(din, tmp, StandardCopyOption.REPLACE_EXISTING);
                    digest = HexFormat.of().formatHex(din.getMessageDigest().digest());
                }
                if (!SHA256.equals(digest)) {
                    throw new IllegalStateException("bundled model resource " + RESOURCE + " is corrupt: sha256 "
                            + digest + ", expected " + SHA256);
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                return target;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot copy the bundled model to " + directory
                            + " (set -Dcamel.llm.bundled.dir to a writable directory): " + e.getMessage(),
                    e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InputStream open() throws IOException {
        InputStream in = BundledModel.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IOException("resource " + RESOURCE + " is missing from the classpath");
        }
        return in;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
