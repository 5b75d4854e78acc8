package io.github.camelllm.llamacpp;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.LogLevel;
import de.kherud.llama.args.LogFormat;

/**
 * One-time setup of java-llama.cpp in this JVM: a private directory for the extracted native library (concurrent JVMs
 * sharing /tmp/libjllama.so can fail with "Failed to write a native library file"), and llama.cpp's log lines routed
 * to SLF4J (logger {@code io.github.camelllm.llamacpp.native}).
 */
final class NativeRuntime {

    static final String TMPDIR_PROPERTY = "de.kherud.llama.tmpdir";
    static final String LIB_PATH_PROPERTY = "de.kherud.llama.lib.path";

    private static final Logger LOG = LoggerFactory.getLogger(NativeRuntime.class);
    private static final Logger NATIVE_LOG = LoggerFactory.getLogger("io.github.camelllm.llamacpp.native");
    private static final AtomicBoolean LOADED = new AtomicBoolean();
    private static final AtomicBoolean LOGGER_INSTALLED = new AtomicBoolean();

    private NativeRuntime() {}

    /** Loads the native library once, in a directory of this JVM's own unless the user chose one. */
    static void ensureLoaded() {
        if (LOADED.get()) {
            return;
        }
        synchronized (NativeRuntime.class) {
            if (LOADED.get()) {
                return;
            }
            if (System.getProperty(TMPDIR_PROPERTY) == null && System.getProperty(LIB_PATH_PROPERTY) == null) {
                System.setProperty(TMPDIR_PROPERTY, privateDirectory().toString());
            } else if (System.getProperty(TMPDIR_PROPERTY) != null) {
                createDirectory(Path.of(System.getProperty(TMPDIR_PROPERTY)));
            }
            long start = System.nanoTime();
            try {
                Class.forName(LlamaModel.class.getName(), true, NativeRuntime.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException(
                        "the llama.cpp native library could not be loaded for " + System.getProperty("os.name")
                                + "/" + System.getProperty("os.arch") + ": " + e + ". Set -D" + LIB_PATH_PROPERTY
                                + "=<dir with libjllama> to use a library built for this machine.",
                        e);
            }
            LOG.info("llama.cpp native library loaded in {} ms", (System.nanoTime() - start) / 1_000_000);
            LOADED.set(true);
        }
    }

    /** Routes llama.cpp's logging to SLF4J; the binding only accepts this after a first model exists. */
    static void installLogger() {
        if (LOGGER_INSTALLED.compareAndSet(false, true)) {
            LlamaModel.setLogger(LogFormat.TEXT, NativeRuntime::log);
        }
    }

    private static void log(LogLevel level, String message) {
        String text = message == null ? "" : message.stripTrailing();
        if (text.isEmpty()) {
            return;
        }
        switch (level) {
            case ERROR -> NATIVE_LOG.error(text);
            case WARN -> NATIVE_LOG.warn(text);
            case INFO -> NATIVE_LOG.debug(text);
            default -> NATIVE_LOG.trace(text);
        }
    }

    private static Path privateDirectory() {
        try {
            Path dir = Files.createTempDirectory("camel-llm-jllama-");
            File f = dir.toFile();
            f.deleteOnExit();
            // the extracted library is deleted at exit too; the loader keeps its own handle
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir), "camel-llm-jllama-cleanup"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create a directory for the llama.cpp native library under "
                            + System.getProperty("java.io.tmpdir") + "; set -D" + TMPDIR_PROPERTY + "=<writable dir>",
                    e);
        }
    }

    private static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create " + TMPDIR_PROPERTY + " directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            files.forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // best effort at JVM exit
        }
        dir.toFile().delete();
    }
}
