package io.github.camelllm.models;

import static io.github.camelllm.models.TestSupport.STORIES_SHA;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelllm.models.ModelDownloadException.Reason;

class PartFileTest {

    @TempDir
    Path tmp;

    @Test
    void pathIsTheTargetWithThePartSuffixInTheSameDirectory() {
        assertEquals(tmp.resolve("m.gguf.part"), PartFile.pathFor(tmp.resolve("m.gguf")));
    }

    @Test
    void openCreatesAnEmptyFileOrKeepsTheEarlierContent() throws IOException {
        Path path = tmp.resolve("new.gguf.part");
        try (PartFile part = PartFile.open(path)) {
            assertTrue(Files.isRegularFile(path));
            assertEquals(0, part.size());
            assertNull(part.keptPath());
            assertEquals("", part.keptNote());
        }
        Path earlier = tmp.resolve("earlier.gguf.part");
        Files.write(earlier, new byte[1234]);
        try (PartFile part = PartFile.open(earlier)) {
            assertEquals(1234, part.size());
            assertEquals(earlier, part.keptPath());
            assertTrue(part.keptNote().contains("(1234 bytes) is kept in " + earlier), part.keptNote());
        }
    }

    @Test
    void aSecondOpenWhileLockedIsRefused() throws IOException {
        Path path = tmp.resolve("locked.gguf.part");
        try (PartFile first = PartFile.open(path)) {
            ModelDownloadException e = assertThrows(ModelDownloadException.class, () -> PartFile.open(path));
            assertEquals(Reason.IN_PROGRESS, e.reason());
            assertTrue(e.getMessage().contains("locked"), e.getMessage());
        }
        try (PartFile again = PartFile.open(path)) {
            assertEquals(0, again.size(), "the lock is released on close");
        }
    }

    @Test
    void hashCoversTheEarlierContentAndTheAppendedBytes() throws IOException {
        byte[] stories = TestSupport.stories();
        int split = 700_001;
        Path path = tmp.resolve("s.gguf.part");
        Files.write(path, Arrays.copyOf(stories, split));
        try (PartFile part = PartFile.open(path)) {
            part.hashExisting();
            part.append(ByteBuffer.wrap(stories, split, 1000));
            part.append(ByteBuffer.wrap(stories, split + 1000, stories.length - split - 1000));
            assertEquals(stories.length, part.size());
            part.flush();
            assertEquals(STORIES_SHA, part.sha256());
        }
        assertArrayEquals(stories, Files.readAllBytes(path));
    }

    @Test
    void emptyingDiscardsTheContentAndItsHash() throws IOException {
        byte[] stories = TestSupport.stories();
        Path path = tmp.resolve("e.gguf.part");
        Files.write(path, new byte[] {9, 9, 9});
        try (PartFile part = PartFile.open(path)) {
            part.hashExisting();
            part.empty();
            assertEquals(0, part.size());
            assertEquals(0, Files.size(path));
            part.append(ByteBuffer.wrap(stories));
            assertEquals(STORIES_SHA, part.sha256());
        }
    }

    @Test
    void resumeOffsetKeepsDiscardsOnForceOrWhenLargerThanExpected() throws IOException {
        Path path = tmp.resolve("r.gguf.part");
        Files.write(path, new byte[500]);
        DownloadWarnings warnings = new DownloadWarnings();
        try (PartFile part = PartFile.open(path)) {
            assertEquals(500, part.resumeOffset(false, null, warnings));
            assertEquals(500, part.resumeOffset(false, 500L, warnings));
            assertEquals(List.of(), warnings.list());
            assertEquals(0, part.resumeOffset(false, 499L, warnings));
            assertEquals(0, Files.size(path));
            assertEquals(List.of(path + " is larger than the expected 499 bytes; starting again"), warnings.list());
        }
        Files.write(path, new byte[500]);
        try (PartFile part = PartFile.open(path)) {
            assertEquals(0, part.resumeOffset(true, 1000L, warnings));
            assertEquals(0, Files.size(path));
            assertEquals(1, warnings.list().size(), "force discards without a warning");
        }
    }

    @Test
    void deleteIfEmptyOnlyDeletesAnEmptyFile() throws IOException {
        Path empty = Files.createFile(tmp.resolve("a.gguf.part"));
        Path full = Files.write(tmp.resolve("b.gguf.part"), new byte[] {1});
        PartFile.deleteIfEmpty(empty);
        PartFile.deleteIfEmpty(full);
        PartFile.deleteIfEmpty(tmp.resolve("missing.gguf.part"));
        assertFalse(Files.exists(empty));
        assertTrue(Files.exists(full));
    }

    @Test
    void installMovesThePartFileOverTheTarget() throws IOException {
        Path target = Files.write(tmp.resolve("m.gguf"), new byte[] {1, 2, 3});
        Path part = Files.write(PartFile.pathFor(target), new byte[] {4, 5});
        PartFile.install(part, target);
        assertFalse(Files.exists(part));
        assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(target));
    }
}
