package io.github.camelllm.models;

import static io.github.camelllm.models.TestSupport.STORIES_SHA;
import static io.github.camelllm.models.TestSupport.STORIES_SIZE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelllm.models.ModelDownloadException.Reason;

class BodyTransferTest {

    @TempDir
    Path tmp;

    TestHttpServer server;
    HttpRangeClient client;
    BodyTransfer transfer;
    URI url;
    Path path;

    @BeforeEach
    void start() throws IOException {
        server = new TestHttpServer().serve("/m/stories260K.gguf", TestSupport.stories());
        client = new HttpRangeClient(Duration.ofSeconds(5), Duration.ofSeconds(5), Map.of());
        transfer = new BodyTransfer(Duration.ofMillis(500));
        url = URI.create(server.url("/m/stories260K.gguf"));
        path = tmp.resolve("stories260K.gguf.part");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void appendsTheBodyAfterTheEarlierBytesAndReportsProgress() throws IOException {
        byte[] stories = TestSupport.stories();
        Files.write(path, Arrays.copyOf(stories, 200_000));
        List<long[]> progress = new CopyOnWriteArrayList<>();
        try (PartFile part = PartFile.open(path)) {
            part.hashExisting();
            long done = transfer.copy(
                    client.get(url, part),
                    STORIES_SIZE,
                    part,
                    url,
                    (d, total, bps) -> progress.add(new long[] {d, total}));
            assertEquals(STORIES_SIZE, done);
            assertEquals(STORIES_SHA, part.sha256());
        }
        assertArrayEquals(stories, Files.readAllBytes(path));
        assertArrayEquals(new long[] {200_000, STORIES_SIZE}, progress.get(0), "starts at the resumed offset");
        assertArrayEquals(new long[] {STORIES_SIZE, STORIES_SIZE}, progress.get(progress.size() - 1));
        assertTrue(progress.stream().allMatch(p -> p[0] >= 200_000 && p[0] <= STORIES_SIZE));
    }

    @Test
    void aDroppedConnectionKeepsWhatArrived() throws IOException {
        server.dropAfterBytes = 300_000;
        try (PartFile part = PartFile.open(path)) {
            HttpBody body = client.get(url, part);
            ModelDownloadException e = assertThrows(
                    ModelDownloadException.class,
                    () -> transfer.copy(body, STORIES_SIZE, part, url, ProgressListener.NONE));
            assertEquals(Reason.INTERRUPTED, e.reason());
            assertEquals(path, e.partFile());
            assertEquals(300_000, part.size());
            assertTrue(e.getMessage().contains("after 300000 of " + STORIES_SIZE + " bytes"), e.getMessage());
            assertTrue(e.getMessage().contains("pull again to resume"), e.getMessage());
        }
        assertEquals(300_000, Files.size(path));
    }

    @Test
    void anIdleConnectionTimesOut() throws IOException {
        server.stallAfterBytes = 100_000;
        try (PartFile part = PartFile.open(path)) {
            HttpBody body = client.get(url, part);
            long t0 = System.nanoTime();
            ModelDownloadException e = assertThrows(
                    ModelDownloadException.class,
                    () -> transfer.copy(body, STORIES_SIZE, part, url, ProgressListener.NONE));
            assertTrue(System.nanoTime() - t0 < 3_000_000_000L, "the 500 ms read timeout applies");
            assertEquals(Reason.INTERRUPTED, e.reason());
            assertTrue(e.getMessage().startsWith("no data from " + url), e.getMessage());
            assertEquals(100_000, part.size());
        }
    }

    @Test
    void moreBytesThanAnnouncedEmptyThePartFile() throws IOException {
        try (PartFile part = PartFile.open(path)) {
            HttpBody body = client.get(url, part);
            ModelDownloadException e = assertThrows(
                    ModelDownloadException.class, () -> transfer.copy(body, 1000, part, url, ProgressListener.NONE));
            assertEquals(Reason.SIZE_MISMATCH, e.reason());
            assertTrue(e.getMessage().contains("more than the 1000 bytes"), e.getMessage());
            assertNull(e.partFile());
            assertEquals(0, part.size());
        }
        assertEquals(0, Files.size(path));
    }

    @Test
    void fewerBytesThanAnnouncedAreAnInterruption() throws IOException {
        try (PartFile part = PartFile.open(path)) {
            HttpBody body = client.get(url, part);
            ModelDownloadException e = assertThrows(
                    ModelDownloadException.class,
                    () -> transfer.copy(body, STORIES_SIZE + 1, part, url, ProgressListener.NONE));
            assertEquals(Reason.INTERRUPTED, e.reason());
            assertTrue(
                    e.getMessage().contains("closed after " + STORIES_SIZE + " of " + (STORIES_SIZE + 1)),
                    e.getMessage());
            assertEquals(STORIES_SIZE, part.size());
        }
    }
}
