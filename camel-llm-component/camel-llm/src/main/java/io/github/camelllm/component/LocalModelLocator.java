package io.github.camelllm.component;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.camelllm.models.CatalogEntry;
import io.github.camelllm.models.DownloadResult;
import io.github.camelllm.models.Environment;
import io.github.camelllm.models.ModelCatalog;
import io.github.camelllm.models.ModelDownloader;
import io.github.camelllm.models.ModelNotFoundException;
import io.github.camelllm.models.ModelResolver;
import io.github.camelllm.spi.LlmInvalidRequestException;
import io.github.camelllm.spi.LlmModelException;
import io.github.camelllm.spi.ModelSpec;

/**
 * Finds the GGUF file of a local model from the endpoint's options: {@code model} (catalog name, file name or path),
 * {@code modelPath}, {@code modelsDir}, and fetches it first when {@code pullStrategy} says so.
 */
public final class LocalModelLocator {

    private static final Logger LOG = LoggerFactory.getLogger(LocalModelLocator.class);

    /** Values of the pullStrategy option. */
    public enum PullStrategy {
        never,
        whenMissing,
        always
    }

    private LocalModelLocator() {}

    /** The environment of this JVM, with the modelsDir option (when set) taking the place of camel.llm.models.dir. */
    public static Environment environment(LlmConfiguration c) {
        Environment system = Environment.system();
        if (c.getModelsDir() == null || c.getModelsDir().isBlank()) {
            return system;
        }
        Map<String, String> props = new HashMap<>();
        props.put(Environment.MODELS_DIR_PROPERTY, c.getModelsDir().trim());
        return new Environment() {
            @Override
            public String getenv(String name) {
                return Environment.MODELS_DIR_ENV.equals(name) ? null : system.getenv(name);
            }

            @Override
            public String getProperty(String name) {
                return props.containsKey(name) ? props.get(name) : system.getProperty(name);
            }
        };
    }

    /** The local model name asked for: the model option without an {@code @local} suffix; null for remote specs. */
    public static String localName(LlmConfiguration c) {
        ModelSpec spec = ModelSpec.parse(c.getModel());
        return spec.backend() == null || "local".equals(spec.backend()) ? spec.name() : null;
    }

    public static PullStrategy pullStrategy(LlmConfiguration c) {
        String v = c.getPullStrategy() == null ? "never" : c.getPullStrategy().trim();
        for (PullStrategy p : PullStrategy.values()) {
            if (p.name().toLowerCase(Locale.ROOT).equals(v.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new LlmInvalidRequestException(
                "option pullStrategy '" + c.getPullStrategy() + "' is not one of never, whenMissing, always");
    }

    /** Whether a local model file resolves without downloading anything and without the bundled model. */
    public static Optional<ModelResolver.Resolution> tryResolve(LlmConfiguration c) {
        try {
            Environment env = environment(c);
            return Optional.of(
                    new ModelResolver(env, ModelCatalog.load(env), null).resolve(localName(c), c.getModelPath()));
        } catch (ModelNotFoundException | LlmInvalidRequestException e) {
            return Optional.empty();
        }
    }

    /** Whether the model option names a catalog entry (which pullStrategy can fetch). */
    public static boolean isCatalogName(LlmConfiguration c) {
        String name = localName(c);
        return name != null && ModelCatalog.load(environment(c)).find(name).isPresent();
    }

    /**
     * Resolves the model file, pulling it first when pullStrategy is {@code always}, or when it is missing and
     * pullStrategy is {@code whenMissing}.
     *
     * @param bundled the demo model used when nothing at all was asked for (null: none)
     */
    public static ModelResolver.Resolution locate(LlmConfiguration c, Supplier<Path> bundled) {
        Environment env = environment(c);
        ModelCatalog catalog = ModelCatalog.load(env);
        ModelResolver resolver = new ModelResolver(env, catalog, bundled);
        String name = localName(c);
        PullStrategy strategy = pullStrategy(c);
        Optional<CatalogEntry> entry = name == null ? Optional.empty() : catalog.find(name);
        if (strategy == PullStrategy.always
                && entry.isPresent()
                && (c.getModelPath() == null || c.getModelPath().isBlank())) {
            pull(entry.get(), resolver.modelsDir());
        }
        if (c.getModelPath() != null
                && !c.getModelPath().isBlank()
                && !java.nio.file.Files.exists(Path.of(c.getModelPath().trim()))) {
            // an explicit modelPath is the user's choice: a missing file is an error, not a reason to look elsewhere
            throw new LlmModelException("model file not found: "
                    + Path.of(c.getModelPath().trim()).toAbsolutePath() + " (option modelPath)");
        }
        try {
            return resolver.resolve(name, c.getModelPath());
        } catch (ModelNotFoundException e) {
            if (strategy == PullStrategy.whenMissing && entry.isPresent()) {
                pull(entry.get(), resolver.modelsDir());
                return resolver.resolve(name, c.getModelPath());
            }
            throw new LlmModelException(
                    e.getMessage()
                            + (entry.isPresent() && strategy == PullStrategy.never
                                    ? " (or set pullStrategy=whenMissing to fetch it when the route starts)"
                                    : ""),
                    e);
        }
    }

    private static void pull(CatalogEntry entry, Path modelsDir) {
        LOG.info("Pulling model {} from {} into {}", entry.name(), entry.url(), modelsDir);
        long[] lastDecile = {-1};
        try {
            DownloadResult result = new ModelDownloader().pull(entry, modelsDir, false, (done, total, rate) -> {
                if (total > 0) {
                    long decile = done * 10 / total;
                    if (decile != lastDecile[0]) {
                        lastDecile[0] = decile;
                        LOG.info(
                                "Pulling {}: {} % of {} MiB, {} MiB/s",
                                entry.name(),
                                decile * 10,
                                total >> 20,
                                String.format(Locale.ROOT, "%.1f", rate / (1 << 20)));
                    }
                }
            });
            result.warnings().forEach(w -> LOG.warn("Pulling {}: {}", entry.name(), w));
            LOG.info(
                    "Model {} is at {} ({} bytes, {})",
                    entry.name(),
                    result.file(),
                    result.size(),
                    result.downloaded() ? (result.resumed() ? "resumed download" : "downloaded") : "already present");
        } catch (IOException e) {
            throw new LlmModelException(
                    "cannot pull model " + entry.name() + " from " + entry.url() + ": " + e.getMessage(), e);
        }
    }
}
