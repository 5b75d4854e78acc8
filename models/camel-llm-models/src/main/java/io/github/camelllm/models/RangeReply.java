package io.github.camelllm.models;

import java.net.http.HttpHeaders;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a response to a download's GET means for the part file, given the offset that was asked for
 * ({@code Range: bytes=offset-}, or no Range at offset zero).
 *
 * @param kind  how to go on
 * @param total the file's total size, or -1 if unknown; meaningful for {@link Kind#RESUME},
 *              {@link Kind#WHOLE_FILE} and {@link Kind#COMPLETE}
 */
record RangeReply(Kind kind, long total) {

    /** How to go on after a response. */
    enum Kind {
        /** 206 starting exactly at the offset: append the body to the part file */
        RESUME,
        /** 200: the body is the whole file, so the part file must be emptied first (when it is not) */
        WHOLE_FILE,
        /** 416 saying the file has exactly offset bytes: the part file is already complete */
        COMPLETE,
        /** a 206 with an unusable Content-Range, or a 416 for another size: empty the part file, ask again */
        RESTART,
        /** any other status: the download fails */
        FAILED
    }

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern CONTENT_RANGE_UNSATISFIED = Pattern.compile("bytes\\s+\\*/(\\d+)");

    /**
     * @param status  the HTTP status
     * @param headers the response headers (Content-Range, Content-Length)
     * @param offset  the offset asked for; 0 when no Range was sent
     * @return the meaning of the response
     */
    static RangeReply of(int status, HttpHeaders headers, long offset) {
        if (status == 206) {
            Matcher m = CONTENT_RANGE.matcher(contentRange(headers).trim());
            if (offset > 0 && m.matches() && Long.parseLong(m.group(1)) == offset) {
                if (!m.group(3).equals("*")) {
                    return new RangeReply(Kind.RESUME, Long.parseLong(m.group(3)));
                }
                OptionalLong rest = headers.firstValueAsLong("Content-Length");
                return new RangeReply(Kind.RESUME, rest.isPresent() ? offset + rest.getAsLong() : -1);
            }
            return new RangeReply(Kind.RESTART, -1);
        }
        if (status == 200) {
            return new RangeReply(
                    Kind.WHOLE_FILE, headers.firstValueAsLong("Content-Length").orElse(-1));
        }
        if (status == 416 && offset > 0) {
            Matcher m = CONTENT_RANGE_UNSATISFIED.matcher(contentRange(headers).trim());
            if (m.matches() && Long.parseLong(m.group(1)) == offset) {
                return new RangeReply(Kind.COMPLETE, offset);
            }
            return new RangeReply(Kind.RESTART, -1);
        }
        return new RangeReply(Kind.FAILED, -1);
    }

    /**
     * @param headers response headers
     * @return the Content-Range header, or "" when absent
     */
    static String contentRange(HttpHeaders headers) {
        return headers.firstValue("Content-Range").orElse("");
    }
}
