package io.github.camelllm.models;

import static io.github.camelllm.models.TestSupport.STORIES;
import static io.github.camelllm.models.TestSupport.STORIES_SHA;
import static io.github.camelllm.models.TestSupport.STORIES_SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelllm.models.ModelDownloadException.Reason;

class DownloadVerifierTest {

    private static final URI URL = URI.create("https://example.invalid/m/" + STORIES);

    @TempDir
    Path tmp;

    private final DownloadWarnings warnings = new DownloadWarnings();

    private DownloadVerifier verifier(String sha256, Long size) {
        DownloadRequest request = new DownloadRequest(URL, STORIES, sha256, size, tmp, false, null);
        return new DownloadVerifier(request, tmp.resolve(STORIES), tmp.resolve(STORIES + ".part"), warnings);
    }

    private Path installed(byte[] content) throws IOException {
        return Files.write(tmp.resolve(STORIES), content);
    }

    private Path part(byte[] content) throws IOException {
        return Files.write(tmp.resolve(STORIES + ".part"), content);
    }

    @Test
    void anInstalledFileWithTheExpectedHashIsKeptVerified() throws IOException {
        Path target = installed(TestSupport.stories());
        DownloadResult r = verifier(STORIES_SHA.toUpperCase(), (long) STORIES_SIZE)
                .checkInstalled()
                .orElseThrow();
        assertEquals(new DownloadResult(target, STORIES_SHA, STORIES_SIZE, false, false, true, List.of()), r);
    }

    @Test
    void anInstalledFileWithAnotherHashIsDownloadedAgain() throws IOException {
        installed(TestSupport.stories());
        assertEquals(Optional.empty(), verifier("0".repeat(64), null).checkInstalled());
        assertTrue(
                warnings.list().get(0).contains("has sha256 " + STORIES_SHA + " but " + "0".repeat(64)),
                warnings.list().toString());
    }

    @Test
    void withoutAHashAnInstalledFileNeedsTheRightSizeAndToBeGguf() throws IOException {
        installed(TestSupport.stories());
        assertEquals(Optional.empty(), verifier(null, STORIES_SIZE + 1L).checkInstalled());
        assertTrue(
                warnings.list().get(0).contains(STORIES_SIZE + " bytes but " + (STORIES_SIZE + 1)),
                warnings.list().toString());

        installed("<html>login</html>".getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.empty(), verifier(null, null).checkInstalled());
        assertTrue(
                warnings.list().get(1).contains("is not a readable GGUF file"),
                warnings.list().toString());

        installed(TestSupport.stories());
        DownloadResult kept =
                verifier(null, (long) STORIES_SIZE).checkInstalled().orElseThrow();
        assertFalse(kept.downloaded());
        assertFalse(kept.checksumVerified());
        assertEquals(STORIES_SHA, kept.sha256());
        assertTrue(
                warnings.list().get(2).contains("no sha256 is known")
                        && warnings.list().get(2).contains("kept"),
                warnings.list().toString());
    }

    @Test
    void aGoodPartIsVerifiedAgainstTheKnownHash() throws IOException {
        Path part = part(TestSupport.stories());
        assertTrue(verifier(STORIES_SHA, (long) STORIES_SIZE).verifyPart(STORIES_SIZE, STORIES_SHA));
        assertTrue(Files.exists(part), "the caller moves it into place");
        assertEquals(List.of(), warnings.list());
    }

    @Test
    void withoutAKnownHashAGoodPartPassesWithAWarningPrintingItsHash() throws IOException {
        part(TestSupport.stories());
        assertFalse(verifier(null, null).verifyPart(STORIES_SIZE, STORIES_SHA));
        assertEquals(1, warnings.list().size());
        assertTrue(
                warnings.list().get(0).contains("could not be verified; its sha256 is " + STORIES_SHA),
                warnings.list().get(0));
    }

    @Test
    void aPartOfTheWrongSizeIsDeleted() throws IOException {
        Path part = part(TestSupport.stories());
        ModelDownloadException e = assertThrows(
                ModelDownloadException.class,
                () -> verifier(STORIES_SHA, STORIES_SIZE + 1L).verifyPart(STORIES_SIZE, STORIES_SHA));
        assertEquals(Reason.SIZE_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("downloaded " + STORIES_SIZE + " bytes from " + URL), e.getMessage());
        assertFalse(Files.exists(part));
    }

    @Test
    void aPartWithAnotherHashIsDeletedAndBothHashesNamed() throws IOException {
        Path part = part(TestSupport.stories());
        String wrong = "f".repeat(64);
        ModelDownloadException e = assertThrows(
                ModelDownloadException.class, () -> verifier(wrong, null).verifyPart(STORIES_SIZE, STORIES_SHA));
        assertEquals(Reason.CHECKSUM_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("expected " + wrong + ", got " + STORIES_SHA), e.getMessage());
        assertFalse(Files.exists(part));
    }

    @Test
    void aPartThatIsNotGgufIsDeleted() throws IOException {
        byte[] page = "<html>please log in</html>".getBytes(StandardCharsets.UTF_8);
        Path part = part(page);
        String sha = Sha256.of(part);
        ModelDownloadException e = assertThrows(
                ModelDownloadException.class,
                () -> verifier(sha, (long) page.length).verifyPart(page.length, sha));
        assertEquals(Reason.NOT_GGUF, e.reason());
        assertTrue(e.getMessage().contains("error or login page"), e.getMessage());
        assertFalse(Files.exists(part));
    }
}
