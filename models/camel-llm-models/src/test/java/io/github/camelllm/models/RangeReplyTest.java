package io.github.camelllm.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.camelllm.models.RangeReply.Kind;

class RangeReplyTest {

    private static HttpHeaders headers(String... nameValues) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            map.put(nameValues[i], List.of(nameValues[i + 1]));
        }
        return HttpHeaders.of(map, (name, value) -> true);
    }

    @Test
    void partialContentAtTheOffsetResumesWithTheAnnouncedTotal() {
        assertEquals(
                new RangeReply(Kind.RESUME, 1000),
                RangeReply.of(206, headers("Content-Range", "bytes 400-999/1000"), 400));
    }

    @Test
    void unknownTotalIsTheOffsetPlusTheContentLengthOrUnknown() {
        assertEquals(
                new RangeReply(Kind.RESUME, 1000),
                RangeReply.of(206, headers("Content-Range", "bytes 400-999/*", "Content-Length", "600"), 400));
        assertEquals(
                new RangeReply(Kind.RESUME, -1), RangeReply.of(206, headers("Content-Range", "bytes 400-999/*"), 400));
    }

    @Test
    void partialContentThatCannotContinueThePartFileRestarts() {
        assertEquals(
                Kind.RESTART,
                RangeReply.of(206, headers("Content-Range", "bytes 0-999/1000"), 400)
                        .kind());
        assertEquals(
                Kind.RESTART,
                RangeReply.of(206, headers("Content-Range", "items 400-999/1000"), 400)
                        .kind());
        assertEquals(Kind.RESTART, RangeReply.of(206, headers(), 400).kind());
        assertEquals(
                Kind.RESTART,
                RangeReply.of(206, headers("Content-Range", "bytes 0-999/1000"), 0)
                        .kind(),
                "a 206 to a request without Range");
    }

    @Test
    void okIsTheWholeFile() {
        assertEquals(new RangeReply(Kind.WHOLE_FILE, 1000), RangeReply.of(200, headers("Content-Length", "1000"), 0));
        assertEquals(
                new RangeReply(Kind.WHOLE_FILE, 1000),
                RangeReply.of(200, headers("Content-Length", "1000"), 400),
                "a server ignoring the Range");
        assertEquals(new RangeReply(Kind.WHOLE_FILE, -1), RangeReply.of(200, headers(), 0));
    }

    @Test
    void rangeNotSatisfiableForExactlyThePartSizeMeansComplete() {
        assertEquals(
                new RangeReply(Kind.COMPLETE, 1000),
                RangeReply.of(416, headers("Content-Range", "bytes */1000"), 1000));
        assertEquals(
                Kind.RESTART,
                RangeReply.of(416, headers("Content-Range", "bytes */999"), 1000)
                        .kind());
        assertEquals(Kind.RESTART, RangeReply.of(416, headers(), 1000).kind());
        assertEquals(
                Kind.FAILED,
                RangeReply.of(416, headers("Content-Range", "bytes */0"), 0).kind(),
                "a 416 to a request without Range is an error");
    }

    @Test
    void otherStatusesFail() {
        for (int status : new int[] {204, 301, 401, 403, 404, 500, 503}) {
            assertEquals(Kind.FAILED, RangeReply.of(status, headers(), 400).kind(), "HTTP " + status);
        }
    }

    @Test
    void contentRangeIsTheHeaderOrEmpty() {
        assertEquals("bytes 1-2/3", RangeReply.contentRange(headers("Content-Range", "bytes 1-2/3")));
        assertEquals("", RangeReply.contentRange(headers()));
    }
}
