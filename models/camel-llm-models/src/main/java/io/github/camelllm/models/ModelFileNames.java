package io.github.camelllm.models;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

import io.github.camelllm.models.ModelDownloadException.Reason;

/** The naming rule of downloaded models: a plain {@code .gguf} file name that cannot leave the models directory. */
final class ModelFileNames {

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*\\.gguf");

    private ModelFileNames() {}

    /**
     * Resolves a file name inside the models directory, refusing anything that could escape it.
     *
     * @param modelsDir the models directory
     * @param fileName  a plain file name ending in {@code .gguf}: letters, digits, {@code . _ + -}; no {@code /},
     *                  {@code \}, {@code ..} path segments or absolute paths
     * @return {@code modelsDir/fileName}, normalized
     * @throws ModelDownloadException with {@link Reason#INVALID_NAME} otherwise
     */
    static Path safeTarget(Path modelsDir, String fileName) throws ModelDownloadException {
        if (fileName == null
                || fileName.isBlank()
                || fileName.contains("/")
                || fileName.contains("\\")
                || fileName.contains(":")
                || fileName.indexOf('\0') >= 0
                || fileName.equals(".")
                || fileName.equals("..")
                || !SAFE_NAME.matcher(fileName).matches()) {
            throw new ModelDownloadException(
                    Reason.INVALID_NAME,
                    "refusing model file name '" + fileName
                            + "': it must be a plain file name ending in .gguf (letters, digits, '.', '_', '+', '-'; no path"
                            + " separators, no '..', not absolute), so that it stays inside the models directory",
                    null,
                    null);
        }
        Path dir = modelsDir.toAbsolutePath().normalize();
        Path target = dir.resolve(fileName).normalize();
        if (!dir.equals(target.getParent())) {
            throw new ModelDownloadException(
                    Reason.INVALID_NAME,
                    "refusing model file name '" + fileName + "': it resolves outside " + dir,
                    null,
                    null);
        }
        return target;
    }

    /**
     * @param url a download URL
     * @return its last path segment, URL-decoded (not yet checked, see {@link #safeTarget})
     */
    static String fileNameOf(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        return URLDecoder.decode(last, StandardCharsets.UTF_8);
    }
}
