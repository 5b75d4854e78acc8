package io.github.camelllm.models;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

import io.github.camelllm.models.ModelDownloadException.Reason;

/**
 * The {@code <file>.part} a download is written to, next to the final file. An open part file is locked against
 * other processes, knows how many bytes it holds (the offset a resumed download continues at) and keeps the SHA-256
 * of its content up to date as bytes are appended. Once complete and closed it is moved atomically to the final name.
 * Not thread-safe: one download uses it at a time.
 */
final class PartFile implements Closeable {

    private static final System.Logger LOG = System.getLogger(ModelDownloader.class.getName());

    private final Path path;
    private final FileChannel channel;
    private final MessageDigest digest = Sha256.newDigest();
    private long length;

    private PartFile(Path path, FileChannel channel) throws IOException {
        this.path = path;
        this.channel = channel;
        this.length = channel.size();
    }

    /**
     * @param target the final file
     * @return {@code target} with {@link ModelDownloader#PART_SUFFIX} appended, in the same directory
     */
    static Path pathFor(Path target) {
        return target.resolveSibling(target.getFileName() + ModelDownloader.PART_SUFFIX);
    }

    /**
     * Creates or reopens a part file and locks it.
     *
     * @param path the part file
     * @return the open part file, holding whatever an earlier attempt left in it
     * @throws ModelDownloadException with {@link Reason#IN_PROGRESS} if another download holds the lock
     * @throws IOException            on other I/O errors
     */
    static PartFile open(Path path) throws IOException {
        FileChannel ch =
                FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new ModelDownloadException(
                        Reason.IN_PROGRESS,
                        "another process is downloading " + path + " (the file is locked)",
                        null,
                        null);
            }
            return new PartFile(path, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** @return the part file's path */
    Path path() {
        return path;
    }

    /** @return the bytes the file holds: where a download continues */
    long size() {
        return length;
    }

    /**
     * Decides how much of an earlier attempt can be kept: nothing when forced, nothing when the file is larger than
     * the expected size (with a warning), everything otherwise.
     *
     * @param force        discard any earlier content
     * @param expectedSize the expected final size, or null if unknown
     * @param warnings     receives the warning about an oversized file
     * @return the offset to resume at
     * @throws IOException when the file cannot be emptied
     */
    long resumeOffset(boolean force, Long expectedSize, DownloadWarnings warnings) throws IOException {
        if (force && length > 0) {
            LOG.log(System.Logger.Level.INFO, "force: discarding {0} bytes of {1}", String.valueOf(length), path);
            empty();
        }
        if (expectedSize != null && length > expectedSize) {
            warnings.add(path + " is larger than the expected " + expectedSize + " bytes; starting again");
            empty();
        }
        return length;
    }

    /**
     * Feeds the bytes already in the file to its SHA-256. Call it once, before the first {@link #append}.
     *
     * @throws IOException on read errors, or when the file shrinks meanwhile
     */
    void hashExisting() throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        long pos = 0;
        while (pos < length) {
            buf.clear();
            if (length - pos < buf.capacity()) {
                buf.limit((int) (length - pos));
            }
            int n = channel.read(buf, pos);
            if (n < 0) {
                throw new IOException("partial file shrank while reading it");
            }
            buf.flip();
            digest.update(buf);
            pos += n;
        }
    }

    /**
     * Throws away the content: the next download starts from byte zero.
     *
     * @throws IOException on error
     */
    void empty() throws IOException {
        channel.truncate(0);
        length = 0;
        digest.reset();
    }

    /**
     * Writes all remaining bytes of a buffer at the end of the file and adds them to the SHA-256.
     *
     * @param buffer the bytes; consumed
     * @throws IOException on write errors
     */
    void append(ByteBuffer buffer) throws IOException {
        ByteBuffer forHash = buffer.duplicate();
        while (buffer.hasRemaining()) {
            length += channel.write(buffer, length);
        }
        digest.update(forHash);
    }

    /**
     * Forces the content to the disk.
     *
     * @throws IOException on error
     */
    void flush() throws IOException {
        channel.force(false);
    }

    /** @return the SHA-256 of the content, lowercase hex; call it once, when the file is complete */
    String sha256() {
        return Sha256.hex(digest);
    }

    /** @return the sentence telling the user the current content is kept for a resume, or "" when it is empty */
    String keptNote() {
        return keptNote(length);
    }

    /** @return the path when there is content to resume, else null (for {@link ModelDownloadException#partFile()}) */
    Path keptPath() {
        return length > 0 ? path : null;
    }

    /**
     * @param bytes how many bytes are kept
     * @return the sentence telling the user they are kept for a resume, or "" when there are none
     */
    String keptNote(long bytes) {
        return bytes > 0
                ? ". The partial download (" + bytes + " bytes) is kept in " + path + "; pull again to resume it."
                : "";
    }

    /** Closes the file, which releases the lock. */
    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * Removes a part file that holds nothing (a download refused or failed before its first byte), best effort.
     *
     * @param path the part file
     */
    static void deleteIfEmpty(Path path) {
        try {
            if (Files.isRegularFile(path) && Files.size(path) == 0) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // best effort
        }
    }

    /**
     * Moves a complete, closed part file to its final name, atomically, replacing any file there.
     *
     * @param path   the part file
     * @param target the final file, in the same directory
     * @throws IOException on error
     */
    static void install(Path path, Path target) throws IOException {
        try {
            Files.move(path, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // same directory, so this should not happen; fall back to a plain rename
            Files.move(path, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
