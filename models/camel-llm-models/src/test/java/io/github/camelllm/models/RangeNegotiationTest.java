package io.github.camelllm.models;

import static io.github.camelllm.models.TestSupport.STORIES_SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelllm.models.ModelDownloadException.Reason;

class RangeNegotiationTest {

    @TempDir
    Path tmp;

    TestHttpServer server;
    RangeNegotiation negotiation;
    DownloadWarnings warnings;
    URI url;
    Path path;

    @BeforeEach
    void start() throws IOException {
        server = new TestHttpServer().serve("/m/stories260K.gguf", TestSupport.stories());
        negotiation = new RangeNegotiation(new HttpRangeClient(Duration.ofSeconds(5), Duration.ofSeconds(5), Map.of()));
        warnings = new DownloadWarnings();
        url = URI.create(server.url("/m/stories260K.gguf"));
        path = tmp.resolve("stories260K.gguf.part");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<String> ranges() {
        return server.requests().stream().map(TestHttpServer.Request::range).toList();
    }

    private void writePart(int bytes) throws IOException {
        Files.write(path, Arrays.copyOf(TestSupport.stories(), bytes));
    }

    @Test
    void anEmptyPartFileGetsTheWholeFileWithoutRange() throws IOException {
        try (PartFile part = PartFile.open(path)) {
            RangeNegotiation.Outcome o = negotiation.negotiate(url, part, warnings);
            o.body().discard();
            assertFalse(o.complete());
            assertFalse(o.resumed());
            assertEquals(STORIES_SIZE, o.total());
        }
        assertEquals(Arrays.asList((String) null), ranges());
        assertEquals(List.of(), warnings.list());
    }

    @Test
    void anEarlierPartIsContinuedWithRange() throws IOException {
        writePart(123_456);
        try (PartFile part = PartFile.open(path)) {
            RangeNegotiation.Outcome o = negotiation.negotiate(url, part, warnings);
            o.body().discard();
            assertTrue(o.resumed());
            assertEquals(STORIES_SIZE, o.total());
            assertEquals(123_456, part.size(), "the part is kept");
        }
        assertEquals(List.of("bytes=123456-"), ranges());
        assertEquals(List.of(), warnings.list());
    }

    @Test
    void aServerIgnoringTheRangeEmptiesThePartFile() throws IOException {
        writePart(1000);
        server.ignoreRange = true;
        try (PartFile part = PartFile.open(path)) {
            RangeNegotiation.Outcome o = negotiation.negotiate(url, part, warnings);
            o.body().discard();
            assertFalse(o.resumed());
            assertEquals(STORIES_SIZE, o.total());
            assertEquals(0, part.size());
        }
        assertEquals(0, Files.size(path));
        assertEquals(List.of("bytes=1000-"), ranges());
        assertTrue(
                warnings.list().get(0).contains("ignored the range request"),
                warnings.list().toString());
    }

    @Test
    void aCompletePartFileNeedsNoTransfer() throws IOException {
        writePart(STORIES_SIZE);
        try (PartFile part = PartFile.open(path)) {
            RangeNegotiation.Outcome o = negotiation.negotiate(url, part, warnings);
            assertTrue(o.complete());
            assertNull(o.body());
            assertTrue(o.resumed());
            assertEquals(STORIES_SIZE, o.total());
            assertEquals(STORIES_SIZE, part.size());
        }
        assertEquals(List.of("bytes=" + STORIES_SIZE + "-"), ranges());
    }

    @Test
    void aPartLargerThanTheFileIsRestartedAfter416() throws IOException {
        writePart(STORIES_SIZE + 5);
        try (PartFile part = PartFile.open(path)) {
            RangeNegotiation.Outcome o = negotiation.negotiate(url, part, warnings);
            o.body().discard();
            assertFalse(o.resumed());
            assertEquals(0, part.size());
        }
        assertEquals(Arrays.asList("bytes=" + (STORIES_SIZE + 5) + "-", null), ranges());
        assertTrue(
                warnings.list().get(0).contains("(HTTP 416); starting again from zero"),
                warnings.list().toString());
    }

    @Test
    void aServerAnsweringRangesWronglyIsGivenUpAfterThreeRequests() throws IOException {
        writePart(1000);
        server.wrongContentRange = "bytes 0-" + (STORIES_SIZE - 1) + "/" + STORIES_SIZE;
        try (PartFile part = PartFile.open(path)) {
            ModelDownloadException e =
                    assertThrows(ModelDownloadException.class, () -> negotiation.negotiate(url, part, warnings));
            assertEquals(Reason.HTTP_ERROR, e.reason());
            assertTrue(e.getMessage().contains("keeps answering range requests"), e.getMessage());
            assertEquals(0, part.size());
        }
        assertEquals(Arrays.asList("bytes=1000-", null, null), ranges());
        assertEquals(RangeNegotiation.MAX_ATTEMPTS, warnings.list().size());
        assertTrue(
                warnings.list().get(0).contains("unusable Content-Range 'bytes 0-"),
                warnings.list().toString());
    }

    @Test
    void anErrorStatusFailsAndKeepsThePartFile() throws IOException {
        writePart(1000);
        URI missing = URI.create(server.url("/m/missing.gguf"));
        try (PartFile part = PartFile.open(path)) {
            ModelDownloadException e =
                    assertThrows(ModelDownloadException.class, () -> negotiation.negotiate(missing, part, warnings));
            assertEquals(Reason.NOT_FOUND, e.reason());
            assertEquals(path, e.partFile());
            assertEquals(1000, part.size());
        }
    }
}
