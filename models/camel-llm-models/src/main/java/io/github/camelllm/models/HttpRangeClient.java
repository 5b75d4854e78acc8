package io.github.camelllm.models;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

import io.github.camelllm.models.ModelDownloadException.Reason;

/**
 * Sends the GET of a download: from byte zero, or with {@code Range: bytes=N-} for the bytes a part file lacks.
 * Follows redirects (not https to http), applies the connect and response-header timeouts, adds the configured
 * headers, and turns failures into {@link ModelDownloadException}s. Thread-safe.
 */
final class HttpRangeClient {

    private final HttpClient client;
    private final Duration requestTimeout;
    private final Map<String, String> headers;

    /**
     * @param connectTimeout time to establish a connection
     * @param requestTimeout time from sending the request to receiving the response headers
     * @param headers        extra request headers
     */
    HttpRangeClient(Duration connectTimeout, Duration requestTimeout, Map<String, String> headers) {
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.requestTimeout = requestTimeout;
        this.headers = Map.copyOf(headers);
    }

    /**
     * Requests the bytes {@code part} lacks: the whole file when it is empty, else from its size on.
     *
     * @param url  the file's URL
     * @param part the part file
     * @return the response, with its body unread; any status
     * @throws ModelDownloadException with {@link Reason#CONNECTION_FAILED} when no response arrives
     * @throws InterruptedIOException when the thread is interrupted
     */
    HttpBody get(URI url, PartFile part) throws IOException {
        long offset = part.size();
        HttpRequest.Builder rb = HttpRequest.newBuilder(url)
                .GET()
                .timeout(requestTimeout)
                .header("User-Agent", "camel-llm-models")
                .header("Accept-Encoding", "identity");
        headers.forEach(rb::header);
        if (offset > 0) {
            rb.header("Range", "bytes=" + offset + "-");
        }
        try {
            return new HttpBody(client.send(rb.build(), HttpResponse.BodyHandlers.ofPublisher()));
        } catch (HttpTimeoutException e) {
            throw new ModelDownloadException(
                    Reason.CONNECTION_FAILED,
                    "no response from " + url + " within " + requestTimeout.toSeconds() + " s" + part.keptNote(),
                    part.keptPath(),
                    e);
        } catch (ConnectException e) {
            throw new ModelDownloadException(
                    Reason.CONNECTION_FAILED,
                    "cannot connect to " + url + ": " + e + part.keptNote(),
                    part.keptPath(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while requesting " + url);
        } catch (IOException e) {
            throw new ModelDownloadException(
                    Reason.CONNECTION_FAILED,
                    "request to " + url + " failed: " + e + part.keptNote(),
                    part.keptPath(),
                    e);
        }
    }

    /**
     * @param url  the requested URL
     * @param body a response with an unusable status
     * @param part the part file the request was for
     * @return the failure: {@link Reason#NOT_FOUND} for 404 (with a hint about names and mirrors), else
     *         {@link Reason#HTTP_ERROR} (with a hint about tokens for 401 and 403)
     */
    static ModelDownloadException statusError(URI url, HttpBody body, PartFile part) {
        int status = body.status();
        URI finalUri = body.uri();
        String at = finalUri != null && !finalUri.equals(url) ? " (redirected to " + finalUri + ")" : "";
        if (status == 404) {
            return new ModelDownloadException(
                    Reason.NOT_FOUND,
                    "HTTP 404 Not Found: " + url + at
                            + ". Check the model name or URL, and the mirror setting (camel.llm.models.mirror /"
                            + " CAMEL_LLM_MODELS_MIRROR) if you use one.",
                    part.keptPath(),
                    null);
        }
        String hint = status == 401 || status == 403
                ? ". The repository may be gated or need a token (ModelDownloader.builder().header(\"Authorization\","
                        + " \"Bearer ...\"))"
                : "";
        return new ModelDownloadException(
                Reason.HTTP_ERROR,
                "HTTP " + status + " from " + url + at + hint + part.keptNote(),
                part.keptPath(),
                null);
    }
}
