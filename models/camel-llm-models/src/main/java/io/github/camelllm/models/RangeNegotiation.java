package io.github.camelllm.models;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;

import io.github.camelllm.models.ModelDownloadException.Reason;

/**
 * Agrees with the server where a download continues: resumes the part file with a Range request when the server
 * honours it ({@code 206}), restarts from zero when it ignores it ({@code 200}) or answers it wrongly, and recognizes
 * a part file that is already complete ({@code 416}). Gives up after {@value #MAX_ATTEMPTS} requests. Thread-safe.
 */
final class RangeNegotiation {

    /** Requests made before giving up on a server that keeps answering range requests wrongly. */
    static final int MAX_ATTEMPTS = 3;

    private static final System.Logger LOG = System.getLogger(ModelDownloader.class.getName());

    /**
     * The agreed transfer. The part file holds the bytes before it.
     *
     * @param body    the response body to append to the part file, or null when the part file is complete
     * @param total   the file's total size, or -1 if unknown
     * @param resumed true if the part file's earlier content is kept
     */
    record Outcome(HttpBody body, long total, boolean resumed) {

        /** @return true if nothing is left to transfer */
        boolean complete() {
            return body == null;
        }
    }

    private final HttpRangeClient client;

    /** @param client sends the requests */
    RangeNegotiation(HttpRangeClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Requests the bytes {@code part} lacks, emptying it when the server cannot continue it.
     *
     * @param url      the file's URL
     * @param part     the part file, with the content of an earlier attempt, if any
     * @param warnings receives a warning for each restart from zero
     * @return the agreed transfer
     * @throws ModelDownloadException for an HTTP error status, a failed request, or a server that keeps answering
     *                                range requests wrongly
     * @throws IOException            when the part file cannot be emptied
     */
    Outcome negotiate(URI url, PartFile part, DownloadWarnings warnings) throws IOException {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            long offset = part.size();
            HttpBody body = client.get(url, part);
            RangeReply reply = RangeReply.of(body.status(), body.headers(), offset);
            switch (reply.kind()) {
                case RESUME -> {
                    LOG.log(System.Logger.Level.INFO, "resuming {0} at byte {1}", part.path(), String.valueOf(offset));
                    return new Outcome(body, reply.total(), true);
                }
                case WHOLE_FILE -> {
                    if (offset > 0) {
                        warnings.add("the server ignored the range request for " + url
                                + " (HTTP 200 instead of 206); downloading from zero");
                        part.empty();
                    }
                    return new Outcome(body, reply.total(), false);
                }
                case COMPLETE -> {
                    body.discard();
                    LOG.log(
                            System.Logger.Level.INFO,
                            "{0} is already complete ({1} bytes)",
                            part.path(),
                            String.valueOf(offset));
                    return new Outcome(null, reply.total(), true);
                }
                case RESTART -> {
                    warnings.add(
                            body.status() == 206
                                    ? "the server answered the range request for " + url
                                            + " with an unusable Content-Range '"
                                            + RangeReply.contentRange(body.headers()) + "'; starting again from zero"
                                    : "the server cannot resume " + url + " at byte " + offset
                                            + " (HTTP 416); starting again from zero");
                    body.discard();
                    part.empty();
                }
                default -> {
                    body.discard();
                    throw HttpRangeClient.statusError(url, body, part);
                }
            }
        }
        throw new ModelDownloadException(
                Reason.HTTP_ERROR,
                "the server keeps answering range requests for " + url + " wrongly; giving up",
                null,
                null);
    }
}
