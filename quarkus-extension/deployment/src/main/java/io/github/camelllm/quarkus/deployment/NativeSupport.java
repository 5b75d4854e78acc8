package io.github.camelllm.quarkus.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What a native image of camel-llm needs; kept free of Quarkus types so it can be unit-tested. */
final class NativeSupport {

    static final String BACKEND_DESCRIPTORS_DIR = "META-INF/services/io/github/camelllm/backend";

    /**
     * Classes java-llama.cpp 4.2.0's {@code JNI_OnLoad} (src/main/cpp/jllama.cpp) looks up with {@code FindClass} and
     * whose constructors, methods and fields it resolves; a failed lookup makes the library load fail.
     */
    static final String[] JNI_CLASSES = {
        "de.kherud.llama.LlamaModel",
        "de.kherud.llama.LlamaIterator",
        "de.kherud.llama.LlamaOutput",
        "de.kherud.llama.LlamaException",
        "de.kherud.llama.LogLevel",
        "de.kherud.llama.args.LogFormat",
        "java.nio.charset.StandardCharsets",
        "java.lang.String",
        "java.util.HashMap",
        "java.util.Map",
        "java.util.Set",
        "java.util.Map$Entry",
        "java.util.Iterator",
        "java.lang.Integer",
        "java.lang.Float",
        "java.util.function.BiConsumer",
        "java.lang.OutOfMemoryError",
    };

    /** Their static initializers extract and load the native library: never at image build time. */
    static final String[] RUNTIME_INITIALIZED_CLASSES = {
        "de.kherud.llama.LlamaLoader", "de.kherud.llama.LlamaModel", "io.github.camelllm.llamacpp.NativeRuntime",
    };

    /** Chat templates (by name, so a glob). */
    static final String RESOURCE_GLOBS = "io/github/camelllm/chat/templates/*.jinja";

    static final String CATALOG = "io/github/camelllm/models/catalog.json";
    static final String BUNDLED_MODEL = "io/github/camelllm/models/bundled/stories260K.gguf";

    private NativeSupport() {}

    /**
     * The backend descriptors under an archive root: descriptor path (relative, with '/') to the factory class named
     * by its {@code class} property.
     */
    static Map<String, String> backendDescriptors(Path root) throws IOException {
        Map<String, String> found = new TreeMap<>();
        Path dir = root.resolve(BACKEND_DESCRIPTORS_DIR);
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Properties p = new Properties();
                try (InputStream in = Files.newInputStream(file)) {
                    p.load(in);
                }
                String type = p.getProperty("class");
                if (type != null && !type.isBlank()) {
                    found.put(BACKEND_DESCRIPTORS_DIR + "/" + file.getFileName().toString(), type.trim());
                }
            }
        }
        return found;
    }

    /** The resources to embed: the catalog, the bundled model and the native library of the build platform only. */
    static List<String> resources(String osName, String osArch) {
        List<String> list = new ArrayList<>();
        list.add(CATALOG);
        list.add(BUNDLED_MODEL);
        list.add(nativeLibrary(osName, osArch));
        return list;
    }

    /**
     * The resource path of java-llama.cpp's library for a platform, as its {@code LlamaLoader}/{@code OSInfo} compute
     * it ({@code de/kherud/llama/<OS>/<arch>/<System.mapLibraryName("jllama")>}). Musl and Android are not told
     * apart from Linux here: a native image for them is not supported.
     */
    static String nativeLibrary(String osName, String osArch) {
        String os;
        String file;
        if (osName.contains("Windows")) {
            os = "Windows";
            file = "jllama.dll";
        } else if (osName.contains("Mac") || osName.contains("Darwin")) {
            os = "Mac";
            file = "libjllama.dylib";
        } else if (osName.contains("Linux")) {
            os = "Linux";
            file = "libjllama.so";
        } else {
            throw new IllegalStateException("camel-llm: no java-llama.cpp native library for OS '" + osName + "'");
        }
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "em64t", "universal" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            case "x86", "i386", "i486", "i586", "i686" -> "x86";
            default -> osArch.replaceAll("\\W", "");
        };
        return "de/kherud/llama/" + os + "/" + arch + "/" + file;
    }
}
