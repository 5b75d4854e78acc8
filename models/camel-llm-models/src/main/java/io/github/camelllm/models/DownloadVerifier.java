package io.github.camelllm.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.github.camelllm.gguf.GgufFile;
import io.github.camelllm.models.ModelDownloadException.Reason;

/**
 * Decides whether a model file is the one asked for: the file already under the final name (kept or downloaded
 * again), and a finished part file before it is moved into place (size, SHA-256, GGUF structure; a part file that
 * fails is deleted). Used by one download at a time.
 */
final class DownloadVerifier {

    private static final System.Logger LOG = System.getLogger(ModelDownloader.class.getName());

    private final DownloadRequest request;
    private final Path target;
    private final Path part;
    private final DownloadWarnings warnings;

    /**
     * @param request  the download
     * @param target   its final file
     * @param part     its part file
     * @param warnings receives what the user should know
     */
    DownloadVerifier(DownloadRequest request, Path target, Path part, DownloadWarnings warnings) {
        this.request = request;
        this.target = target;
        this.part = part;
        this.warnings = warnings;
    }

    /**
     * Checks the file under the final name: kept when its SHA-256 matches, or, with no SHA-256 known, when its size
     * matches (if known) and it is a readable GGUF file.
     *
     * @return the result for the kept file, or empty if it must be downloaded again (with a warning saying why)
     * @throws IOException when the file cannot be read
     */
    Optional<DownloadResult> checkInstalled() throws IOException {
        long size = Files.size(target);
        String actual = Sha256.of(target);
        String expected = request.sha256();
        if (expected != null) {
            if (expected.equals(actual)) {
                LOG.log(System.Logger.Level.INFO, "{0} is already present and its sha256 matches", target);
                return Optional.of(new DownloadResult(target, actual, size, false, false, true, warnings.list()));
            }
            warnings.add("existing " + target + " has sha256 " + actual + " but " + expected
                    + " is expected; downloading it again");
            return Optional.empty();
        }
        Long expectedSize = request.expectedSize();
        if (expectedSize != null && expectedSize != size) {
            warnings.add("existing " + target + " has " + size + " bytes but " + expectedSize
                    + " are expected; downloading it again");
            return Optional.empty();
        }
        try {
            GgufFile.read(target);
        } catch (IOException e) {
            warnings.add("existing " + target + " is not a readable GGUF file (" + e.getMessage()
                    + "); downloading it again");
            return Optional.empty();
        }
        warnings.add("no sha256 is known for " + target.getFileName() + "; the file in place is a readable GGUF"
                + " file with sha256 " + actual + " and was kept (use force to download it again)");
        return Optional.of(new DownloadResult(target, actual, size, false, false, false, warnings.list()));
    }

    /**
     * Checks a complete, closed part file against the expected size and SHA-256, and parses it as GGUF.
     *
     * @param size   its size
     * @param sha256 its SHA-256, lowercase hex
     * @return true if the SHA-256 was compared with a known value, false if none is known (with a warning that
     *         prints the computed one)
     * @throws ModelDownloadException with {@link Reason#SIZE_MISMATCH}, {@link Reason#CHECKSUM_MISMATCH} or
     *                                {@link Reason#NOT_GGUF}; the part file is deleted then
     * @throws IOException            on other I/O errors
     */
    boolean verifyPart(long size, String sha256) throws IOException {
        Long expectedSize = request.expectedSize();
        if (expectedSize != null && size != expectedSize) {
            Files.deleteIfExists(part);
            throw new ModelDownloadException(
                    Reason.SIZE_MISMATCH,
                    "downloaded " + size + " bytes from "
                            + request.url() + " but the catalog says " + request.fileName() + " has " + expectedSize
                            + " bytes; the partial file " + part + " was deleted",
                    null,
                    null);
        }
        boolean verified = checkSha256(sha256);
        try {
            GgufFile.read(part);
        } catch (IOException e) {
            Files.deleteIfExists(part);
            throw new ModelDownloadException(
                    Reason.NOT_GGUF,
                    "the file downloaded from " + request.url()
                            + " is not a valid GGUF model (" + e.getMessage()
                            + "). It may be an error or login page; the "
                            + "partial file was deleted and nothing was written to " + target,
                    null,
                    e);
        }
        return verified;
    }

    private boolean checkSha256(String actual) throws IOException {
        String expected = request.sha256();
        if (expected == null) {
            warnings.add("no sha256 is known for " + request.fileName() + ", so the download could not be verified;"
                    + " its sha256 is " + actual + " (compare it with the model card on the download site)");
            return false;
        }
        if (!expected.equals(actual)) {
            Files.deleteIfExists(part);
            throw new ModelDownloadException(
                    Reason.CHECKSUM_MISMATCH,
                    "sha256 mismatch for " + request.fileName()
                            + " downloaded from " + request.url() + ": expected " + expected + ", got " + actual
                            + ". The partial file " + part + " was deleted; nothing was written to " + target
                            + ". Check the URL or mirror, then pull again.",
                    null,
                    null);
        }
        return true;
    }
}
