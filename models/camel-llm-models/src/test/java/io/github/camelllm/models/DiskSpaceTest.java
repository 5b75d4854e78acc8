package io.github.camelllm.models;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelllm.models.ModelDownloadException.Reason;

class DiskSpaceTest {

    private static final URI URL = URI.create("https://example.invalid/m/x.gguf");

    @TempDir
    Path tmp;

    /** Measures the real file store, as the downloader does by default. */
    private final DiskSpace disk = new DiskSpace(dir -> Files.getFileStore(dir).getUsableSpace());

    @Test
    void whatFitsOnTheRealDiskPasses() {
        assertDoesNotThrow(() -> disk.require(tmp, 1, URL));
        assertDoesNotThrow(() -> disk.require(tmp, 0, URL));
        assertDoesNotThrow(() -> disk.require(tmp, -1, URL), "an unknown size is not checked");
    }

    @Test
    void whatCannotFitIsRefusedWithBothNumbers() {
        ModelDownloadException e =
                assertThrows(ModelDownloadException.class, () -> disk.require(tmp, Long.MAX_VALUE, URL));
        assertEquals(Reason.INSUFFICIENT_SPACE, e.reason());
        assertTrue(
                e.getMessage()
                        .startsWith("not enough disk space to download " + URL + " into " + tmp + ": " + Long.MAX_VALUE
                                + " bytes (" + Bytes.human(Long.MAX_VALUE) + ") needed, "),
                e.getMessage());
        assertTrue(
                e.getMessage().matches(".* needed, \\d+ bytes \\([0-9.]+ [KMGT]?i?B\\) usable\\. .*"), e.getMessage());
        assertTrue(e.getMessage().contains("CAMEL_LLM_MODELS_DIR"), e.getMessage());
    }
}
