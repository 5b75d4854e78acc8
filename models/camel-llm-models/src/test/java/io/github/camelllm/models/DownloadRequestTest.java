package io.github.camelllm.models;

import static io.github.camelllm.models.TestSupport.STORIES;
import static io.github.camelllm.models.TestSupport.STORIES_SHA;
import static io.github.camelllm.models.TestSupport.STORIES_SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadRequestTest {

    @TempDir
    Path tmp;

    @Test
    void componentsAreNormalized() {
        DownloadRequest r = new DownloadRequest(
                URI.create("HTTPS://h/x.gguf"), "x.gguf", "  ABCDEF ", null, tmp.resolve("a/../models"), false, null);
        assertEquals("abcdef", r.sha256());
        assertEquals(tmp.resolve("models").toAbsolutePath(), r.modelsDir());
        assertSame(ProgressListener.NONE, r.listener());
        assertNull(new DownloadRequest(URI.create("http://h/x.gguf"), "x.gguf", " ", null, tmp, false, null).sha256());
    }

    @Test
    void onlyHttpAndHttpsAreAccepted() {
        for (String url : new String[] {"ftp://h/x.gguf", "file:///tmp/x.gguf", "x.gguf"}) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> DownloadRequest.builder(URI.create(url), tmp).build());
            assertTrue(e.getMessage().startsWith("only http and https"), e.getMessage());
        }
        assertThrows(
                NullPointerException.class,
                () -> DownloadRequest.builder((URI) null, tmp).build());
        assertThrows(
                NullPointerException.class,
                () -> DownloadRequest.builder(URI.create("http://h/x.gguf"), null)
                        .build());
    }

    @Test
    void theBuilderNamesTheFileAfterTheUrlUnlessTold() {
        URI url = URI.create("https://h/r/resolve/main/My%20Model.gguf?download=true");
        DownloadRequest r = DownloadRequest.builder(url, tmp).build();
        assertEquals("My Model.gguf", r.fileName());
        assertNull(r.sha256());
        assertNull(r.expectedSize());
        assertFalse(r.force());
        assertEquals(
                "other.gguf",
                DownloadRequest.builder(url, tmp).fileName("other.gguf").build().fileName());
    }

    @Test
    void aCatalogEntryGivesUrlNameHashAndSize() {
        CatalogEntry entry = TestSupport.testCatalog().find("stories260k").orElseThrow();
        ProgressListener listener = (done, total, bps) -> {};
        DownloadRequest r = DownloadRequest.builder(entry, tmp)
                .force(true)
                .listener(listener)
                .build();
        assertEquals(URI.create(entry.url()), r.url());
        assertEquals(STORIES, r.fileName());
        assertEquals(STORIES_SHA, r.sha256());
        assertEquals(STORIES_SIZE, r.expectedSize());
        assertTrue(r.force());
        assertSame(listener, r.listener());

        CatalogEntry broken = entry.withUrl("https://h/a b.gguf");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> DownloadRequest.builder(broken, tmp));
        assertTrue(e.getMessage().startsWith("invalid download URL https://h/a b.gguf"), e.getMessage());
    }

    @Test
    void aRequestIsPulled() throws IOException {
        try (TestHttpServer server = new TestHttpServer().serve("/m/s.gguf", TestSupport.stories())) {
            URI url = URI.create(server.url("/m/s.gguf"));
            DownloadRequest request = DownloadRequest.builder(url, tmp.resolve("models"))
                    .fileName(STORIES)
                    .sha256(STORIES_SHA)
                    .expectedSize((long) STORIES_SIZE)
                    .build();
            ModelDownloader downloader =
                    ModelDownloader.builder().readTimeout(Duration.ofSeconds(5)).build();
            DownloadResult r = downloader.pull(request);
            assertEquals(tmp.resolve("models").resolve(STORIES).toAbsolutePath(), r.file());
            assertTrue(r.downloaded());
            assertTrue(r.checksumVerified());
            assertEquals(STORIES_SHA, ModelDownloader.sha256(r.file()));

            DownloadResult again = downloader.pull(request);
            assertFalse(again.downloaded());
            assertEquals(1, server.requests().size());
        }
    }
}
