package io.github.camelllm.models;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.github.camelllm.models.bundled.BundledModel;

/**
 * Resolves a {@code model} option value (a catalog name such as {@code llama-3.2-1b}, a file name such as
 * {@code foo.gguf}, or a path) to a local GGUF file.
 *
 * <p>Order, first hit wins:
 * <ol>
 * <li>a value that is a path (absolute, or containing a path separator, or starting with {@code ~}) is used as is;</li>
 * <li>the explicit {@code modelPath}: a file is the model; a directory is searched for the name;</li>
 * <li>the {@code CAMEL_LLM_MODEL_PATH} environment variable: a directory is searched for the name; a file is used
 *     when no name was asked for or when its file name is the one asked for;</li>
 * <li>{@code $APPDIR/usr/share/models}, when running inside an AppImage;</li>
 * <li>the models directory ({@link ModelDirectories#modelsDir(Environment)});</li>
 * <li>the bundled demo model, only when no name was asked for.</li>
 * </ol>
 * A catalog name is looked for under its catalog file name (and under {@code <name>.gguf}); any other name under
 * itself and, without a {@code .gguf} suffix, under {@code <name>.gguf}. Every place tried is recorded in the
 * {@link Resolution} (for a debug log) and in the {@link ModelNotFoundException}.
 */
public final class ModelResolver {

    /** Where a model was found. */
    public enum Source {
        /** the {@code model} value was itself a path */
        MODEL_VALUE_PATH,
        /** the explicit {@code modelPath} option */
        MODEL_PATH,
        /** the {@code CAMEL_LLM_MODEL_PATH} environment variable */
        MODEL_PATH_ENV,
        /** {@code $APPDIR/usr/share/models} */
        APPIMAGE,
        /** the models directory */
        MODELS_DIR,
        /** the bundled demo model */
        BUNDLED
    }

    /**
     * The outcome of a resolution.
     *
     * @param path   the model file (absolute)
     * @param source where it was found
     * @param entry  the catalog entry, if the name asked for is a catalog name or the file is a catalog file
     * @param tried  every place tried, in order, the last one being the hit
     */
    public record Resolution(Path path, Source source, Optional<CatalogEntry> entry, List<String> tried) {
        public Resolution {
            tried = List.copyOf(tried);
        }
    }

    private static final System.Logger LOG = System.getLogger(ModelResolver.class.getName());

    private final Environment env;
    private final ModelCatalog catalog;
    private final Supplier<Path> bundled;

    /** A resolver for the real environment, the bundled catalog and the bundled demo model. */
    public ModelResolver() {
        this(Environment.system(), ModelCatalog.load(), BundledModel::path);
    }

    /**
     * @param env     environment variables and system properties
     * @param catalog catalog for name lookups
     * @param bundled supplies the bundled demo model's path (called only when it is the answer); null for none
     */
    public ModelResolver(Environment env, ModelCatalog catalog, Supplier<Path> bundled) {
        this.env = Objects.requireNonNull(env, "env");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.bundled = bundled;
    }

    /** @return the models directory this resolver searches */
    public Path modelsDir() {
        return ModelDirectories.modelsDir(env);
    }

    /**
     * @param model the {@code model} option: catalog name, file name or path; null or blank for "no model asked"
     * @return the resolution
     * @throws ModelNotFoundException if nothing matched
     */
    public Resolution resolve(String model) {
        return resolve(model, null);
    }

    /**
     * @param model     the {@code model} option: catalog name, file name or path; null or blank for "no model asked"
     * @param modelPath the explicit {@code modelPath} option (file or directory), or null
     * @return the resolution
     * @throws ModelNotFoundException if nothing matched
     */
    public Resolution resolve(String model, String modelPath) {
        try {
            Resolution r = doResolve(model, modelPath);
            LOG.log(
                    System.Logger.Level.DEBUG,
                    () -> "model '" + model + "' resolved to " + r.path() + " (" + r.source() + "); tried: "
                            + String.join("; ", r.tried()));
            return r;
        } catch (ModelNotFoundException e) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    () -> "model '" + model + "' not found; tried: " + String.join("; ", e.searched()));
            throw e;
        }
    }

    private Resolution doResolve(String model, String modelPath) {
        String name = model == null || model.isBlank() ? null : model.trim();
        List<String> tried = new ArrayList<>();
        Optional<CatalogEntry> entry = name == null ? Optional.empty() : catalog.find(name);

        // 1. the value is a path
        if (name != null && looksLikePath(name)) {
            Path p = toPath(name);
            if (p != null && Files.isRegularFile(p)) {
                tried.add("model path " + p + ": found");
                return new Resolution(
                        p, Source.MODEL_VALUE_PATH, entry.or(() -> catalog.findByFile(fileName(p))), tried);
            }
            tried.add("model path " + (p == null ? name : p) + ": "
                    + (p != null && Files.isDirectory(p) ? "is a directory, not a model file" : "no such file"));
            throw new ModelNotFoundException(name, tried, null);
        }

        Set<String> candidates = candidates(name, entry);

        // 2. explicit modelPath
        if (modelPath != null && !modelPath.isBlank()) {
            Resolution r = tryPath("modelPath", modelPath.trim(), Source.MODEL_PATH, true, name, candidates, tried);
            if (r != null) {
                return r;
            }
        } else {
            tried.add("modelPath option: not set");
        }

        // 3. CAMEL_LLM_MODEL_PATH
        String envPath = env.env(Environment.MODEL_PATH_ENV);
        if (envPath != null) {
            Resolution r =
                    tryPath(Environment.MODEL_PATH_ENV, envPath, Source.MODEL_PATH_ENV, false, name, candidates, tried);
            if (r != null) {
                return r;
            }
        } else {
            tried.add(Environment.MODEL_PATH_ENV + ": not set");
        }

        // 4. AppImage
        Path appDir = ModelDirectories.appImageModelsDir(env);
        if (appDir == null) {
            tried.add("AppImage models ($APPDIR/usr/share/models): APPDIR not set");
        } else {
            Resolution r = searchDir("AppImage models", appDir, Source.APPIMAGE, name, candidates, tried);
            if (r != null) {
                return r;
            }
        }

        // 5. models directory
        Path dir = ModelDirectories.modelsDir(env);
        Resolution r = searchDir("models directory", dir, Source.MODELS_DIR, name, candidates, tried);
        if (r != null) {
            return r;
        }

        // 6. bundled demo model
        if (name == null) {
            if (bundled != null) {
                Path p = bundled.get();
                tried.add("bundled demo model: " + p);
                return new Resolution(p, Source.BUNDLED, Optional.empty(), tried);
            }
            tried.add("bundled demo model: not available");
            throw new ModelNotFoundException("(none)", tried, null);
        }
        tried.add("bundled demo model: not used, because model '" + name + "' was asked for");
        String pull = entry.map(CatalogEntry::pullCommand).orElse("camel-llm model pull " + name);
        throw new ModelNotFoundException(name, tried, pull);
    }

    private Resolution tryPath(
            String label,
            String value,
            Source source,
            boolean fileAlwaysWins,
            String name,
            Set<String> candidates,
            List<String> tried) {
        Path p = toPath(value);
        if (p == null) {
            tried.add(label + " " + value + ": invalid path");
            return null;
        }
        if (Files.isRegularFile(p)) {
            if (fileAlwaysWins || name == null || candidates.contains(fileName(p))) {
                tried.add(label + " " + p + ": found");
                return new Resolution(
                        p,
                        source,
                        name == null
                                ? catalog.findByFile(fileName(p))
                                : catalog.find(name).or(() -> catalog.findByFile(fileName(p))),
                        tried);
            }
            tried.add(label + " " + p + ": a file, but not " + String.join(" or ", candidates));
            return null;
        }
        if (Files.isDirectory(p)) {
            return searchDir(label, p, source, name, candidates, tried);
        }
        tried.add(label + " " + p + ": does not exist");
        return null;
    }

    private Resolution searchDir(
            String label, Path dir, Source source, String name, Set<String> candidates, List<String> tried) {
        if (name == null) {
            tried.add(label + " " + dir + ": skipped, no model name asked for");
            return null;
        }
        if (!Files.isDirectory(dir)) {
            tried.add(label + " " + dir + ": directory does not exist");
            return null;
        }
        for (String c : candidates) {
            Path p = dir.resolve(c);
            if (Files.isRegularFile(p)) {
                tried.add(label + " " + p + ": found");
                return new Resolution(p, source, catalog.find(name).or(() -> catalog.findByFile(c)), tried);
            }
        }
        tried.add(label + " " + dir + ": no " + String.join(" or ", candidates));
        return null;
    }

    private static Set<String> candidates(String name, Optional<CatalogEntry> entry) {
        Set<String> c = new LinkedHashSet<>();
        if (name == null) {
            return c;
        }
        entry.ifPresent(e -> c.add(e.file()));
        c.add(name);
        if (!name.toLowerCase(java.util.Locale.ROOT).endsWith(".gguf")) {
            c.add(name + ".gguf");
            c.remove(name);
        }
        return c;
    }

    static boolean looksLikePath(String value) {
        return value.contains("/")
                || value.contains("\\")
                || value.startsWith("~")
                || value.equals(".")
                || value.equals("..")
                || isAbsolute(value);
    }

    private static boolean isAbsolute(String value) {
        try {
            return Paths.get(value).isAbsolute();
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private Path toPath(String value) {
        try {
            return ModelDirectories.expandHome(value, env).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static String fileName(Path p) {
        Path f = p.getFileName();
        return f == null ? "" : f.toString();
    }
}
