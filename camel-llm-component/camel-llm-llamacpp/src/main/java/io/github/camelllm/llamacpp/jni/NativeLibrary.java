package io.github.camelllm.llamacpp.jni;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the native libraries of {@link LlamaJni} once per class loader and initialises llama.cpp.
 * <p>
 * The libraries come from the classpath directory {@value #RESOURCE_DIR} (built into the jar by
 * {@code native/build-jni.sh}), whose {@code libraries.txt} lists them: {@code load <file>} lines are
 * {@link System#load(String) loaded} in that order (dependencies first), {@code file <file>} lines (the
 * {@code libggml-cpu-<variant>.so} CPU backends, of which ggml picks the best for this CPU) are only extracted. They
 * are extracted into a fresh private temporary directory per load ({@link Files#createTempDirectory}), so concurrent
 * JVMs never share or overwrite a file; the directory is deleted when the JVM exits, and directories left behind by
 * JVMs that no longer run (killed, crashed) are removed by the next load, once older than 10 minutes.
 * <p>
 * With the system property {@value #DIR_PROPERTY} set, the libraries are loaded in place from that directory instead
 * (a user's own build of llama.cpp and the JNI library, with the same file names and a {@code libraries.txt}); this
 * also works on platforms other than linux x86_64.
 */
public final class NativeLibrary {

    /** System property naming a directory with {@code libraries.txt} and the libraries, loaded in place. */
    public static final String DIR_PROPERTY = "camel.llm.native.dir";

    /** Classpath directory of the bundled libraries. */
    public static final String RESOURCE_DIR = "io/github/camelllm/llamacpp/native/linux-x86_64";

    private static final String LIST = "libraries.txt";
    private static final String TEMP_PREFIX = "camel-llm-native-";
    private static final Duration STALE_AFTER = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(NativeLibrary.class);

    private static volatile Loaded loaded;
    private static RuntimeException failure;

    private NativeLibrary() {}

    private record Loaded(Path directory, String systemInfo) {}

    /**
     * Loads the libraries and initialises llama.cpp ({@link LlamaJni#backendInit}), the first time only; thread-safe.
     * A failure is remembered: later calls throw the same exception.
     *
     * @throws IllegalStateException when the libraries cannot be found, extracted or loaded (the cause is the
     *     {@link UnsatisfiedLinkError} or {@link IOException})
     */
    public static void load() {
        if (loaded == null) {
            loadOnce();
        }
    }

    /** The directory the libraries were loaded from (loads them first). */
    public static Path directory() {
        load();
        return loaded.directory();
    }

    /** llama.cpp's description of the loaded backends and CPU features (loads the libraries first). */
    public static String systemInfo() {
        load();
        return loaded.systemInfo();
    }

    private static synchronized void loadOnce() {
        if (loaded != null) {
            return;
        }
        if (failure != null) {
            throw failure;
        }
        try {
            loaded = doLoad();
        } catch (RuntimeException | LinkageError e) {
            failure = e instanceof IllegalStateException ise
                    ? ise
                    : new IllegalStateException("camel-llm: cannot load the llama.cpp native libraries: " + e, e);
            throw failure;
        }
    }

    private static Loaded doLoad() {
        String configured = System.getProperty(DIR_PROPERTY);
        Path dir;
        List<String[]> entries;
        if (configured != null && !configured.isBlank()) {
            dir = Paths.get(configured).toAbsolutePath();
            Path list = dir.resolve(LIST);
            if (!Files.isRegularFile(list)) {
                throw new IllegalStateException("camel-llm: " + DIR_PROPERTY + "=" + configured + " has no " + LIST
                        + " (one line per library: 'load <file>' in load order, 'file <file>' for CPU backends)");
            }
            try (InputStream in = Files.newInputStream(list)) {
                entries = parse(in, list.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("camel-llm: cannot read " + list, e);
            }
            LOG.debug("Loading llama.cpp native libraries in place from {} ({})", dir, DIR_PROPERTY);
        } else {
            checkPlatform();
            entries = bundledEntries();
            dir = extract(entries);
        }
        for (String[] entry : entries) {
            if (entry[0].equals("load")) {
                Path lib = dir.resolve(entry[1]);
                try {
                    System.load(lib.toString());
                } catch (UnsatisfiedLinkError e) {
                    throw new IllegalStateException(
                            "camel-llm: cannot load native library " + lib + ": " + e.getMessage()
                                    + hint(configured != null && !configured.isBlank()),
                            e);
                }
            }
        }
        String info = LlamaJni.backendInit(dir.toString());
        LOG.debug("llama.cpp native libraries loaded from {}: {}", dir, info);
        return new Loaded(dir, info);
    }

    private static String hint(boolean configured) {
        return configured
                ? " (check the libraries in " + DIR_PROPERTY + ": same platform, glibc and libstdc++ as this machine)"
                : " (the bundled libraries need glibc >= 2.34 and libstdc++ of GCC >= 12; if the temporary directory is"
                        + " mounted noexec, set java.io.tmpdir to another directory; or build your own and set "
                        + DIR_PROPERTY + ")";
    }

    private static void checkPlatform() {
        String os = System.getProperty("os.name", "?");
        String arch = System.getProperty("os.arch", "?");
        boolean linux = os.toLowerCase(Locale.ROOT).startsWith("linux");
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        if (!linux || !x64) {
            UnsatisfiedLinkError cause = new UnsatisfiedLinkError(
                    "no bundled llama.cpp libraries for " + os + " " + arch + " (only linux x86_64)");
            throw new IllegalStateException(
                    "camel-llm: the bundled llama.cpp native libraries are for linux x86_64 only, this is " + os + " "
                            + arch + ". Build llama.cpp and libcamelllm_jni for this platform (native/README.md) and"
                            + " point the system property " + DIR_PROPERTY + " at that directory.",
                    cause);
        }
    }

    private static ClassLoader classLoader() {
        ClassLoader cl = NativeLibrary.class.getClassLoader();
        return cl != null ? cl : ClassLoader.getSystemClassLoader();
    }

    private static List<String[]> bundledEntries() {
        String resource = RESOURCE_DIR + "/" + LIST;
        URL url = classLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException(
                    "camel-llm: " + resource
                            + " is not on the classpath (the jar was built without native/build-jni.sh?);" + " set "
                            + DIR_PROPERTY + " to a directory with your own build",
                    new UnsatisfiedLinkError("no " + resource));
        }
        try (InputStream in = url.openStream()) {
            return parse(in, url.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("camel-llm: cannot read " + url, e);
        }
    }

    static List<String[]> parse(InputStream in, String source) throws IOException {
        List<String[]> entries = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\\s+");
                if (parts.length != 2
                        || !(parts[0].equals("load") || parts[0].equals("file"))
                        || parts[1].contains("/")
                        || parts[1].contains("\\")
                        || parts[1].startsWith(".")) {
                    throw new IOException(source + ":" + n + ": expected 'load <file>' or 'file <file>', got: " + line);
                }
                entries.add(parts);
            }
        }
        if (entries.stream().noneMatch(e -> e[0].equals("load"))) {
            throw new IOException(source + " lists no library to load");
        }
        return entries;
    }

    private static Path extract(List<String[]> entries) {
        Path tmpRoot = Paths.get(System.getProperty("java.io.tmpdir"));
        deleteStale(tmpRoot);
        Path dir;
        try {
            dir = Files.createTempDirectory(
                    TEMP_PREFIX + ProcessHandle.current().pid() + "-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new IllegalStateException("camel-llm: cannot create a temporary directory in " + tmpRoot, e);
        }
        // deleteOnExit runs in reverse order: the files first, then the directory
        dir.toFile().deleteOnExit();
        ClassLoader cl = classLoader();
        List<String> files = new ArrayList<>();
        for (String[] entry : entries) {
            files.add(entry[1]);
        }
        // the list too: the directory then has the layout DIR_PROPERTY expects
        files.add(LIST);
        for (String file : files) {
            String resource = RESOURCE_DIR + "/" + file;
            Path target = dir.resolve(file);
            try (InputStream in = cl.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(
                            "camel-llm: " + resource + " is listed in " + LIST + " but not on the classpath",
                            new UnsatisfiedLinkError("no " + resource));
                }
                target.toFile().deleteOnExit();
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new IllegalStateException("camel-llm: cannot extract " + resource + " to " + target, e);
            }
        }
        LOG.debug("Extracted {} native libraries to {}", entries.size(), dir);
        return dir;
    }

    private static boolean isRecent(Path dir) {
        try {
            return Files.getLastModifiedTime(dir)
                    .toInstant()
                    .isAfter(Instant.now().minus(STALE_AFTER));
        } catch (IOException e) {
            return true;
        }
    }

    /** Removes directories that earlier JVMs extracted to and could not delete (killed, crashed). */
    private static void deleteStale(Path tmpRoot) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmpRoot, TEMP_PREFIX + "*")) {
            for (Path d : dirs) {
                String rest = d.getFileName().toString().substring(TEMP_PREFIX.length());
                int dash = rest.indexOf('-');
                if (dash <= 0 || !Files.isDirectory(d) || !Files.isWritable(d)) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(rest.substring(0, dash));
                } catch (NumberFormatException e) {
                    continue;
                }
                // the age check covers a /tmp shared with JVMs in another PID namespace that are still extracting:
                // once loaded, a library may be deleted under a running process
                if (pid == ProcessHandle.current().pid()
                        || ProcessHandle.of(pid).isPresent()
                        || isRecent(d)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(d)) {
                    for (Path f : files) {
                        Files.deleteIfExists(f);
                    }
                    Files.deleteIfExists(d);
                    LOG.debug("Deleted stale native library directory {}", d);
                } catch (IOException e) {
                    LOG.debug("Could not delete stale native library directory {}: {}", d, e.toString());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not look for stale native library directories in {}: {}", tmpRoot, e.toString());
        }
    }
}
