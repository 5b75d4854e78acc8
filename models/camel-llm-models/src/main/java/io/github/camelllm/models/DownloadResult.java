package io.github.camelllm.models;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of {@link ModelDownloader#pull}.
 *
 * @param file             the model file, under its final name
 * @param sha256           the file's SHA-256 (computed; lowercase hex)
 * @param size             the file size in bytes
 * @param downloaded       false if a good file was already in place and nothing was transferred
 * @param resumed          true if the transfer continued an earlier {@code .part} file with a Range request
 * @param checksumVerified true if the SHA-256 was checked against a known value
 * @param warnings         things the user should know (no checksum known, server ignored Range, ...)
 */
public record DownloadResult(
        Path file,
        String sha256,
        long size,
        boolean downloaded,
        boolean resumed,
        boolean checksumVerified,
        List<String> warnings) {

    public DownloadResult {
        warnings = List.copyOf(warnings);
    }
}
