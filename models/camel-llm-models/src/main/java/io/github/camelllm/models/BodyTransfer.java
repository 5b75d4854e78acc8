package io.github.camelllm.models;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.camelllm.models.ModelDownloadException.Reason;

/**
 * Copies a response body to the end of a part file, reporting progress at most every 100 ms. A connection that is
 * idle for longer than the read timeout, drops, or ends early fails the transfer with {@link Reason#INTERRUPTED}
 * and keeps the part file for a resume; a body longer than announced empties it. Thread-safe.
 */
final class BodyTransfer {

    private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Duration readTimeout;

    /** @param readTimeout the longest time without receiving any body bytes */
    BodyTransfer(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    /**
     * @param body     a response body, not yet started
     * @param total    the file's total size, or -1 if unknown
     * @param part     the part file; the body is appended to it
     * @param url      the download, for messages
     * @param progress receives the progress
     * @return the part file's size at the end: the file size
     * @throws ModelDownloadException when the transfer fails
     */
    long copy(HttpBody body, long total, PartFile part, URI url, ProgressListener progress) throws IOException {
        long offset = part.size();
        long started = System.nanoTime();
        long lastReport = 0;
        body.start();
        progress.onProgress(offset, total, 0);
        try {
            List<ByteBuffer> buffers;
            while ((buffers = next(body, total, part, url)) != null) {
                for (ByteBuffer b : buffers) {
                    part.append(b);
                }
                if (total >= 0 && part.size() > total) {
                    body.cancel();
                    part.empty();
                    throw new ModelDownloadException(
                            Reason.SIZE_MISMATCH,
                            "the server sent more than the " + total + " bytes it announced for " + url
                                    + "; the partial file was emptied",
                            null,
                            null);
                }
                body.requestMore();
                long now = System.nanoTime();
                if (now - lastReport >= PROGRESS_INTERVAL_NANOS) {
                    lastReport = now;
                    progress.onProgress(part.size(), total, rate(part.size() - offset, now - started));
                }
            }
        } catch (ModelDownloadException e) {
            throw e;
        } catch (IOException e) {
            body.cancel();
            throw new ModelDownloadException(
                    Reason.IO_ERROR,
                    "cannot write " + part.path() + ": " + e.getMessage() + part.keptNote(),
                    part.path(),
                    e);
        }
        long done = part.size();
        if (total >= 0 && done < total) {
            throw new ModelDownloadException(
                    Reason.INTERRUPTED,
                    "the connection to " + url + " closed after " + done + bytesOf(total) + part.keptNote(),
                    part.path(),
                    null);
        }
        progress.onProgress(done, total, rate(done - offset, System.nanoTime() - started));
        return done;
    }

    private List<ByteBuffer> next(HttpBody body, long total, PartFile part, URI url) throws ModelDownloadException {
        long done = part.size();
        try {
            return body.next(readTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            body.cancel();
            throw new ModelDownloadException(
                    Reason.INTERRUPTED,
                    "download of " + url + " interrupted after " + done + " bytes" + part.keptNote(),
                    part.path(),
                    e);
        } catch (TimeoutException e) {
            body.cancel();
            throw new ModelDownloadException(
                    Reason.INTERRUPTED,
                    "no data from " + url + " for " + readTimeout.toSeconds() + " s after " + done + bytesOf(total)
                            + part.keptNote(),
                    part.path(),
                    null);
        } catch (ExecutionException e) {
            Throwable t = e.getCause();
            throw new ModelDownloadException(
                    Reason.INTERRUPTED,
                    "the connection to " + url + " dropped after " + done + bytesOf(total) + " (" + t + ")"
                            + part.keptNote(),
                    part.path(),
                    t);
        }
    }

    private static String bytesOf(long total) {
        return total >= 0 ? " of " + total + " bytes" : " bytes";
    }

    private static double rate(long bytes, long nanos) {
        return nanos <= 0 ? 0 : bytes * 1e9 / nanos;
    }
}
