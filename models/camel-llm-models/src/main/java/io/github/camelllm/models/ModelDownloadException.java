package io.github.camelllm.models;

import java.io.IOException;
import java.nio.file.Path;

/** A model download that failed. {@link #reason()} tells why; the message says what to do. */
public class ModelDownloadException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why a download failed. */
    public enum Reason {
        /** the file name would escape the models directory or is not a plain {@code .gguf} name */
        INVALID_NAME,
        /** HTTP 404 */
        NOT_FOUND,
        /** another non-success HTTP status */
        HTTP_ERROR,
        /** not enough usable space in the models directory */
        INSUFFICIENT_SPACE,
        /** the connection dropped or timed out mid-body; the {@code .part} file was kept for resuming */
        INTERRUPTED,
        /** the connection could not be made or the request timed out before a response */
        CONNECTION_FAILED,
        /** the SHA-256 of the download differs from the expected one; the {@code .part} file was deleted */
        CHECKSUM_MISMATCH,
        /** the size of the download differs from the expected one; the {@code .part} file was deleted */
        SIZE_MISMATCH,
        /** the download is not a valid GGUF file; the {@code .part} file was deleted */
        NOT_GGUF,
        /** another download of the same file is running */
        IN_PROGRESS,
        /** a local I/O error */
        IO_ERROR
    }

    private final Reason reason;
    private final transient Path partFile;

    /**
     * @param reason   why
     * @param message  the message
     * @param partFile the partial file kept for a later resume, or null
     * @param cause    the cause, or null
     */
    public ModelDownloadException(Reason reason, String message, Path partFile, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.partFile = partFile;
    }

    /** @return why the download failed */
    public Reason reason() {
        return reason;
    }

    /** @return the {@code .part} file kept for resuming, or null if none was kept */
    public Path partFile() {
        return partFile;
    }
}
