package io.github.camelllm.models;

/**
 * Receives download progress, at most every {@code 100 ms} and once at the end. Called on the downloading thread;
 * keep it quick.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores progress. */
    ProgressListener NONE = (done, total, bps) -> {};

    /**
     * @param bytesDone      bytes of the file present so far, including bytes resumed from an earlier attempt
     * @param bytesTotal     the file's total size, or -1 if unknown
     * @param bytesPerSecond the transfer rate of this attempt (bytes received / time since the response started)
     */
    void onProgress(long bytesDone, long bytesTotal, double bytesPerSecond);
}
