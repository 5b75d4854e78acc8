package io.github.camelllm.models;

import static io.github.camelllm.models.TestSupport.STORIES;
import static io.github.camelllm.models.TestSupport.STORIES_SHA;
import static io.github.camelllm.models.TestSupport.STORIES_SIZE;
import static io.github.camelllm.models.TestSupport.TINY;
import static io.github.camelllm.models.TestSupport.TINY_SHA;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.camelllm.models.ModelDownloadException.Reason;

class ModelDownloaderTest {

    @TempDir
    Path tmp;

    TestHttpServer server;
    Path models;
    ModelCatalog catalog;
    ModelDownloader downloader;

    @BeforeEach
    void start() throws IOException {
        server = new TestHttpServer()
                .serve("/hf/ggml-org/models/resolve/main/tinyllamas/stories260K.gguf", TestSupport.stories())
                .serve("/hf/aladar/llama-2-tiny-random-GGUF/resolve/main/llama-2-tiny-random.gguf", TestSupport.tiny())
                .serve("/plain/stories260K.gguf", TestSupport.stories())
                .serve("/bad/not-a-model.gguf", "<html>please log in</html>".getBytes(StandardCharsets.UTF_8))
                .redirect("/moved/stories260K.gguf", "/plain/stories260K.gguf");
        models = tmp.resolve("models");
        catalog = TestSupport.testCatalog().withMirror(server.url("/hf"));
        downloader =
                ModelDownloader.builder().readTimeout(Duration.ofSeconds(1)).build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CatalogEntry stories() {
        return catalog.find("stories260k").orElseThrow();
    }

    private void assertNoPartFiles() throws IOException {
        if (Files.isDirectory(models)) {
            try (Stream<Path> s = Files.list(models)) {
                assertEquals(
                        List.of(), s.filter(p -> p.toString().endsWith(".part")).toList());
            }
        }
    }

    @Test
    void freshPullVerifiesAndLeavesNoPartFile() throws IOException {
        List<long[]> progress = new CopyOnWriteArrayList<>();
        DownloadResult r = downloader.pull(
                stories(), models, false, (done, total, bps) -> progress.add(new long[] {done, total, (long) bps}));

        assertEquals(models.resolve(STORIES), r.file());
        assertTrue(r.downloaded());
        assertFalse(r.resumed());
        assertTrue(r.checksumVerified());
        assertEquals(STORIES_SHA, r.sha256());
        assertEquals(STORIES_SIZE, r.size());
        assertEquals(STORIES_SHA, ModelDownloader.sha256(models.resolve(STORIES)));
        assertNoPartFiles();
        assertEquals(List.of(), r.warnings());
        assertFalse(progress.isEmpty());
        long[] last = progress.get(progress.size() - 1);
        assertEquals(STORIES_SIZE, last[0]);
        assertEquals(STORIES_SIZE, last[1]);
        assertTrue(progress.stream().allMatch(p -> p[1] == STORIES_SIZE && p[0] <= STORIES_SIZE));
        assertNull(server.requests().get(0).range());
    }

    @Test
    void interruptedPullIsResumedWithRange() throws IOException {
        long n = 400_000;
        server.dropAfterBytes = n;
        ModelDownloadException e =
                assertThrows(ModelDownloadException.class, () -> downloader.pull(stories(), models, false, null));
        assertEquals(Reason.INTERRUPTED, e.reason());
        Path part = models.resolve(STORIES + ".part");
        assertEquals(part, e.partFile());
        assertTrue(e.getMessage().contains("kept") && e.getMessage().contains("resume"), e.getMessage());
        assertEquals(n, Files.size(part));
        assertFalse(Files.exists(models.resolve(STORIES)), "nothing under the final name");

        DownloadResult r = downloader.pull(stories(), models, false, null);
        List<TestHttpServer.Request> reqs = server.requests();
        assertEquals(2, reqs.size());
        assertEquals("bytes=" + n + "-", reqs.get(1).range());
        assertTrue(r.resumed());
        assertTrue(r.checksumVerified());
        assertEquals(STORIES_SHA, ModelDownloader.sha256(r.file()));
        assertNoPartFiles();
    }

    @Test
    void serverIgnoringRangeRestartsFromZero() throws IOException {
        server.dropAfterBytes = 100_000;
        assertThrows(ModelDownloadException.class, () -> downloader.pull(stories(), models, false, null));
        assertEquals(100_000, Files.size(models.resolve(STORIES + ".part")));

        server.ignoreRange = true;
        DownloadResult r = downloader.pull(stories(), models, false, null);
        assertEquals("bytes=100000-", server.requests().get(1).range());
        assertFalse(r.resumed());
        assertTrue(
                r.warnings().stream().anyMatch(w -> w.contains("ignored the range")),
                r.warnings().toString());
        assertEquals(STORIES_SHA, ModelDownloader.sha256(r.file()));
        assertEquals(STORIES_SIZE, Files.size(r.file()));
        assertNoPartFiles();
    }

    @Test
    void checksumMismatchDeletesPartAndNamesBothHashes() {
        String wrong = "0".repeat(64);
        CatalogEntry e = new CatalogEntry(
                "x",
                CatalogEntry.Kind.CHAT,
                null,
                null,
                stories().url(),
                STORIES,
                null,
                wrong,
                null,
                null,
                "MIT",
                2048,
                null);
        ModelDownloadException ex =
                assertThrows(ModelDownloadException.class, () -> downloader.pull(e, models, false, null));
        assertEquals(Reason.CHECKSUM_MISMATCH, ex.reason());
        assertTrue(ex.getMessage().contains(wrong), ex.getMessage());
        assertTrue(ex.getMessage().contains(STORIES_SHA), ex.getMessage());
        assertFalse(Files.exists(models.resolve(STORIES + ".part")));
        assertFalse(Files.exists(models.resolve(STORIES)));
    }

    @Test
    void notFoundNamesTheUrl() {
        URI url = URI.create(server.url("/hf/nobody/nothing/resolve/main/missing.gguf"));
        ModelDownloadException ex =
                assertThrows(ModelDownloadException.class, () -> downloader.pull(url, models, false, null));
        assertEquals(Reason.NOT_FOUND, ex.reason());
        assertTrue(ex.getMessage().contains("404"), ex.getMessage());
        assertTrue(ex.getMessage().contains(url.toString()), ex.getMessage());
        assertFalse(Files.exists(models.resolve("missing.gguf")));
        assertFalse(Files.exists(models.resolve("missing.gguf.part")));
    }

    @Test
    void refusesWhenDiskSpaceIsShortBeforeRequestingWhenSizeKnown() throws IOException {
        ModelDownloader small =
                ModelDownloader.builder().usableSpace(dir -> 1000).build();
        ModelDownloadException ex =
                assertThrows(ModelDownloadException.class, () -> small.pull(stories(), models, false, null));
        assertEquals(Reason.INSUFFICIENT_SPACE, ex.reason());
        assertTrue(
                ex.getMessage().contains(String.valueOf(STORIES_SIZE))
                        && ex.getMessage().contains("1000"),
                ex.getMessage());
        assertEquals(0, server.requests().size(), "the catalog size is checked before connecting");
        assertFalse(Files.exists(models.resolve(STORIES)));
        assertNoPartFiles();
    }

    @Test
    void refusesWhenDiskSpaceIsShortUsingContentLength() {
        ModelDownloader small =
                ModelDownloader.builder().usableSpace(dir -> STORIES_SIZE - 1).build();
        URI url = URI.create(server.url("/plain/stories260K.gguf"));
        ModelDownloadException ex =
                assertThrows(ModelDownloadException.class, () -> small.pull(url, models, false, null));
        assertEquals(Reason.INSUFFICIENT_SPACE, ex.reason());
        assertEquals(1, server.requests().size());
        assertFalse(Files.exists(models.resolve(STORIES)));
        assertFalse(Files.exists(models.resolve(STORIES + ".part")));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../x.gguf",
                "..",
                "/etc/x.gguf",
                "a/b.gguf",
                "a\\b.gguf",
                "..\\x.gguf",
                "x.bin",
                "",
                ".hidden.gguf",
                "C:x.gguf",
                "sub/../x.gguf"
            })
    void refusesNamesEscapingTheModelsDirectory(String name) {
        URI url = URI.create(server.url("/plain/stories260K.gguf"));
        ModelDownloadException ex = assertThrows(
                ModelDownloadException.class, () -> downloader.pull(url, name, null, null, models, false, null));
        assertEquals(Reason.INVALID_NAME, ex.reason());
        assertEquals(0, server.requests().size());
        assertFalse(Files.exists(tmp.resolve("x.gguf")));
    }

    @Test
    void refusesUrlWhoseLastSegmentEscapes() {
        URI url = URI.create(server.url("/plain/..%2Fx.gguf"));
        ModelDownloadException ex =
                assertThrows(ModelDownloadException.class, () -> downloader.pull(url, models, false, null));
        assertEquals(Reason.INVALID_NAME, ex.reason());
    }

    @Test
    void existingFileIsKeptUnlessForced() throws IOException {
        downloader.pull(stories(), models, false, null);
        assertEquals(1, server.requests().size());

        DownloadResult again = downloader.pull(stories(), models, false, null);
        assertFalse(again.downloaded());
        assertTrue(again.checksumVerified());
        assertEquals(1, server.requests().size(), "no request when the file is in place and verified");

        // a stale .part must not be resumed by a forced pull
        Files.write(models.resolve(STORIES + ".part"), new byte[] {1, 2, 3});
        DownloadResult forced = downloader.pull(stories(), models, true, null);
        assertTrue(forced.downloaded());
        assertEquals(2, server.requests().size());
        assertNull(server.requests().get(1).range());
        assertEquals(STORIES_SHA, ModelDownloader.sha256(forced.file()));
        assertNoPartFiles();
    }

    @Test
    void corruptExistingFileIsDownloadedAgain() throws IOException {
        Files.createDirectories(models);
        Files.write(models.resolve(STORIES), new byte[] {'G', 'G', 'U', 'F'});
        DownloadResult r = downloader.pull(stories(), models, false, null);
        assertTrue(r.downloaded());
        assertTrue(
                r.warnings().get(0).contains("downloading it again"),
                r.warnings().toString());
        assertEquals(STORIES_SHA, ModelDownloader.sha256(r.file()));
    }

    @Test
    void mirrorRewritesHuggingFaceUrls() throws IOException {
        ModelCatalog raw = TestSupport.testCatalog();
        assertEquals(
                "https://huggingface.co/ggml-org/models/resolve/main/tinyllamas/stories260K.gguf",
                raw.find("stories260k").orElseThrow().url());
        assertEquals(
                "http://mirror.local/hf/ggml-org/models/resolve/main/tinyllamas/stories260K.gguf",
                raw.withMirror("http://mirror.local/hf/")
                        .find("stories260k")
                        .orElseThrow()
                        .url());
        assertEquals(
                raw.find("tiny-random").orElseThrow().url().replace("https://huggingface.co", server.url("/hf")),
                catalog.find("tiny-random").orElseThrow().url());

        // through the mirror, for real
        DownloadResult r = downloader.pull(catalog.find("tiny-random").orElseThrow(), models, false, null);
        assertEquals(
                "/hf/aladar/llama-2-tiny-random-GGUF/resolve/main/llama-2-tiny-random.gguf",
                server.requests().get(0).path());
        assertEquals(TINY_SHA, r.sha256());
        assertTrue(r.checksumVerified());
        assertEquals(models.resolve(TINY), r.file());
    }

    @Test
    void mirrorFromSystemPropertyOrEnvironment() {
        Environment env =
                Environment.of(java.util.Map.of(Environment.MIRROR_ENV, "https://env.example/hf"), java.util.Map.of());
        ModelCatalog c = ModelCatalog.load(env);
        assertTrue(
                c.entries().stream().allMatch(e -> e.url().startsWith("https://env.example/hf/")),
                c.entries().toString());
        Environment both = Environment.of(
                java.util.Map.of(Environment.MIRROR_ENV, "https://env.example/hf"),
                java.util.Map.of(Environment.MIRROR_PROPERTY, "https://prop.example/"));
        assertTrue(ModelCatalog.load(both).entries().stream()
                .allMatch(e ->
                        e.url().startsWith("https://prop.example/") && !e.url().contains("//huggingface")));
        assertTrue(ModelCatalog.load(Environment.of(java.util.Map.of(), java.util.Map.of())).entries().stream()
                .allMatch(e -> e.url().startsWith(ModelCatalog.HUGGING_FACE)));
        assertThrows(IllegalArgumentException.class, () -> c.withMirror("ftp://x"));
    }

    @Test
    void followsRedirects() throws IOException {
        DownloadResult r = downloader.pull(URI.create(server.url("/moved/stories260K.gguf")), models, false, null);
        assertEquals(
                List.of("/moved/stories260K.gguf", "/plain/stories260K.gguf"),
                server.requests().stream().map(TestHttpServer.Request::path).toList());
        assertEquals(STORIES_SHA, r.sha256());
    }

    @Test
    void unknownChecksumWarnsButStillInstallsAtomically() throws IOException {
        DownloadResult r = downloader.pull(URI.create(server.url("/plain/stories260K.gguf")), models, false, null);
        assertTrue(r.downloaded());
        assertFalse(r.checksumVerified());
        assertEquals(1, r.warnings().size());
        assertTrue(
                r.warnings().get(0).contains("no sha256 is known")
                        && r.warnings().get(0).contains(STORIES_SHA),
                r.warnings().get(0));
        assertEquals(STORIES_SHA, ModelDownloader.sha256(models.resolve(STORIES)));
        assertNoPartFiles();

        // in place, readable, no checksum: kept with a warning
        DownloadResult again = downloader.pull(URI.create(server.url("/plain/stories260K.gguf")), models, false, null);
        assertFalse(again.downloaded());
        assertEquals(1, server.requests().size());
    }

    @Test
    void nonGgufDownloadIsRejectedAndNothingInstalled() {
        ModelDownloadException ex = assertThrows(
                ModelDownloadException.class,
                () -> downloader.pull(URI.create(server.url("/bad/not-a-model.gguf")), models, false, null));
        assertEquals(Reason.NOT_GGUF, ex.reason());
        assertFalse(Files.exists(models.resolve("not-a-model.gguf")));
        assertFalse(Files.exists(models.resolve("not-a-model.gguf.part")));
    }

    @Test
    void stalledTransferTimesOutKeepsPartAndResumes() throws IOException {
        server.stallAfterBytes = 300_000;
        long t0 = System.nanoTime();
        ModelDownloadException ex =
                assertThrows(ModelDownloadException.class, () -> downloader.pull(stories(), models, false, null));
        assertTrue(System.nanoTime() - t0 < 4_000_000_000L, "read timeout of 1 s honoured");
        assertEquals(Reason.INTERRUPTED, ex.reason());
        assertTrue(ex.getMessage().contains("no data"), ex.getMessage());
        assertEquals(300_000, Files.size(models.resolve(STORIES + ".part")));

        DownloadResult r = downloader.pull(stories(), models, false, null);
        assertTrue(r.resumed());
        assertEquals("bytes=300000-", server.requests().get(1).range());
        assertEquals(STORIES_SHA, r.sha256());
    }

    @Test
    void completePartFileIsFinishedAfter416() throws IOException {
        Files.createDirectories(models);
        Files.write(models.resolve(STORIES + ".part"), TestSupport.stories());
        DownloadResult r = downloader.pull(stories(), models, false, null);
        assertEquals("bytes=" + STORIES_SIZE + "-", server.requests().get(0).range());
        assertTrue(r.checksumVerified());
        assertArrayEquals(TestSupport.stories(), Files.readAllBytes(models.resolve(STORIES)));
        assertNoPartFiles();
    }

    @Test
    void corruptPartFileFailsChecksumAndIsDeleted() throws IOException {
        Files.createDirectories(models);
        byte[] bad = Arrays.copyOf(TestSupport.stories(), 500_000);
        bad[1000] ^= 0x55;
        Files.write(models.resolve(STORIES + ".part"), bad);
        ModelDownloadException ex =
                assertThrows(ModelDownloadException.class, () -> downloader.pull(stories(), models, false, null));
        assertEquals(Reason.CHECKSUM_MISMATCH, ex.reason());
        assertFalse(Files.exists(models.resolve(STORIES + ".part")));
        // the next pull starts clean and succeeds
        assertEquals(
                STORIES_SHA, downloader.pull(stories(), models, false, null).sha256());
    }

    @Test
    void sizeMismatchAgainstCatalogIsReported() {
        CatalogEntry e = new CatalogEntry(
                "x",
                CatalogEntry.Kind.CHAT,
                null,
                null,
                server.url("/plain/stories260K.gguf"),
                STORIES,
                (long) STORIES_SIZE + 10,
                null,
                null,
                null,
                "MIT",
                2048,
                null);
        ModelDownloadException ex =
                assertThrows(ModelDownloadException.class, () -> downloader.pull(e, models, false, null));
        assertEquals(Reason.SIZE_MISMATCH, ex.reason());
        assertFalse(Files.exists(models.resolve(STORIES)));
    }

    @Test
    void connectionRefusedIsAClearError() throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port + "/x/stories260K.gguf");
        ModelDownloadException ex =
                assertThrows(ModelDownloadException.class, () -> downloader.pull(url, models, false, null));
        assertEquals(Reason.CONNECTION_FAILED, ex.reason());
        assertTrue(ex.getMessage().contains(url.toString()), ex.getMessage());
        assertNoPartFilesUnchecked();
    }

    private void assertNoPartFilesUnchecked() {
        try {
            assertNoPartFiles();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void fileNameOfUrl() throws IOException {
        assertEquals("a b.gguf", ModelDownloader.fileNameOf(URI.create("https://h/x/a%20b.gguf?download=true")));
        assertNotNull(ModelDownloader.safeTarget(models, "Qwen2.5-7B-Instruct-Q4_K_M.gguf"));
    }
}
