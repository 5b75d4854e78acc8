package io.github.camelllm.models.bundled;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledModelTest {

    @Test
    void extractsAVerifiedCopy(@TempDir Path dir) throws Exception {
        Path p = BundledModel.extract(dir);
        assertEquals(BundledModel.SIZE, Files.size(p));
        assertEquals(BundledModel.SHA256, BundledModel.sha256(p));
        byte[] magic = new byte[4];
        System.arraycopy(Files.readAllBytes(p), 0, magic, 0, 4);
        assertArrayEquals("GGUF".getBytes(), magic);
    }

    @Test
    void repairsACorruptedCopy(@TempDir Path dir) throws Exception {
        Path p = BundledModel.extract(dir);
        Files.write(p, new byte[] {1, 2, 3});
        Path again = BundledModel.extract(dir);
        assertEquals(p, again);
        assertEquals(BundledModel.SHA256, BundledModel.sha256(again));
        try (var files = Files.list(p.getParent())) {
            assertEquals(1, files.count(), "no temporary files are left behind");
        }
    }

    @Test
    void shipsTheLicenseNote() throws Exception {
        try (var in = BundledModel.class.getClassLoader().getResourceAsStream(BundledModel.NOTICE_RESOURCE)) {
            assertNotNull(in);
            String text = new String(in.readAllBytes());
            org.junit.jupiter.api.Assertions.assertTrue(text.contains("License: MIT"));
        }
    }
}
