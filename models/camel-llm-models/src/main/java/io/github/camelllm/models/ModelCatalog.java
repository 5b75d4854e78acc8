package io.github.camelllm.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The catalog of well-known GGUF models, read from a JSON data file. The bundled catalog is the classpath resource
 * {@value #RESOURCE}.
 *
 * <p>File format: {@code {"schemaVersion": 1, "models": [ {name, kind, description, goodFor, url, file, size,
 * sha256, quantization, parameters, license, contextLength, chatTemplate}, ... ]}}. {@code size} and {@code sha256}
 * may be null (not verified). Instances are immutable.
 */
public final class ModelCatalog {

    /** Classpath resource of the bundled catalog. */
    public static final String RESOURCE = "io/github/camelllm/models/catalog.json";
    /** The URL prefix that {@link #withMirror(String)} replaces. */
    public static final String HUGGING_FACE = "https://huggingface.co/";

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*\\.gguf");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final Map<String, CatalogEntry> entries;

    private ModelCatalog(List<CatalogEntry> list) {
        Map<String, CatalogEntry> m = new LinkedHashMap<>();
        for (CatalogEntry e : list) {
            if (m.putIfAbsent(e.name().toLowerCase(Locale.ROOT), e) != null) {
                throw new IllegalArgumentException("duplicate model name in catalog: " + e.name());
            }
        }
        this.entries = Collections.unmodifiableMap(m);
    }

    /**
     * @param entries catalog entries (validated like a catalog file)
     * @return a catalog of these entries
     */
    public static ModelCatalog of(List<CatalogEntry> entries) {
        entries.forEach(ModelCatalog::validate);
        return new ModelCatalog(entries);
    }

    /** @return an empty catalog */
    public static ModelCatalog empty() {
        return new ModelCatalog(List.of());
    }

    /**
     * Loads the bundled catalog and applies the mirror configured by the {@code camel.llm.models.mirror} system
     * property or the {@code CAMEL_LLM_MODELS_MIRROR} environment variable, if any.
     *
     * @return the bundled catalog
     */
    public static ModelCatalog load() {
        return load(Environment.system());
    }

    /**
     * @param env where to read the settings: {@code camel.llm.models.catalog} / {@code CAMEL_LLM_MODELS_CATALOG} (a
     *            catalog file used instead of the bundled one) and the mirror
     * @return the catalog, with the configured mirror applied
     */
    public static ModelCatalog load(Environment env) {
        String custom = env.property(Environment.CATALOG_PROPERTY) != null
                ? env.property(Environment.CATALOG_PROPERTY)
                : env.env(Environment.CATALOG_ENV);
        if (custom != null) {
            // a site's own catalog (air-gapped installations, curated model lists)
            try (InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(custom))) {
                return load(in).withConfiguredMirror(env);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot read the model catalog " + custom + " (" + Environment.CATALOG_PROPERTY + " / "
                                + Environment.CATALOG_ENV + "): " + e.getMessage(),
                        e);
            }
        }
        return bundled().withConfiguredMirror(env);
    }

    private static volatile ModelCatalog bundled;

    /** The catalog shipped in the jar, parsed once (it is immutable). */
    private static ModelCatalog bundled() {
        ModelCatalog c = bundled;
        if (c != null) {
            return c;
        }
        try (InputStream in = ModelCatalog.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("catalog resource " + RESOURCE + " is missing from the classpath");
            }
            c = load(in);
            bundled = c;
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled model catalog " + RESOURCE, e);
        }
    }

    /**
     * Reads a catalog file. No mirror is applied.
     *
     * @param in the JSON catalog; not closed
     * @return the catalog
     * @throws IOException              if the JSON cannot be read
     * @throws IllegalArgumentException if an entry is invalid (missing field, bad URL, unsafe file name, duplicate
     *                                  name, malformed sha256)
     */
    public static ModelCatalog load(InputStream in) throws IOException {
        JsonNode root = MAPPER.readTree(in);
        if (root == null || !root.path("models").isArray()) {
            throw new IllegalArgumentException("model catalog: top-level object with a \"models\" array expected");
        }
        List<CatalogEntry> list = new ArrayList<>();
        int i = 0;
        for (JsonNode n : root.get("models")) {
            String where = "model catalog entry #" + i++;
            String name = text(n, "name");
            if (name != null) {
                where += " (" + name + ")";
            }
            String kind = text(n, "kind");
            CatalogEntry.Kind k;
            try {
                k = kind == null ? null : CatalogEntry.Kind.valueOf(kind.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": kind must be chat or embedding, not " + kind);
            }
            JsonNode size = n.path("size");
            JsonNode ctx = n.path("contextLength");
            CatalogEntry e;
            try {
                e = new CatalogEntry(
                        name,
                        k,
                        text(n, "description"),
                        text(n, "goodFor"),
                        text(n, "url"),
                        text(n, "file"),
                        size.isNumber() ? size.longValue() : null,
                        text(n, "sha256"),
                        text(n, "quantization"),
                        text(n, "parameters"),
                        text(n, "license"),
                        ctx.isNumber() ? ctx.intValue() : null,
                        text(n, "chatTemplate"));
            } catch (NullPointerException ex) {
                throw new IllegalArgumentException(where + ": missing " + ex.getMessage());
            }
            try {
                validate(e);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(where + ": " + ex.getMessage());
            }
            list.add(e);
        }
        return new ModelCatalog(list);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static void validate(CatalogEntry e) {
        if (e.name().isBlank() || !e.name().matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("name must be lowercase letters, digits, '.', '_' or '-': " + e.name());
        }
        if (e.kind() == null) {
            throw new IllegalArgumentException("missing kind");
        }
        if (!e.url().startsWith("https://") && !e.url().startsWith("http://")) {
            throw new IllegalArgumentException("url must be http(s): " + e.url());
        }
        if (!FILE_NAME.matcher(e.file()).matches()) {
            throw new IllegalArgumentException("file must be a plain file name ending in .gguf: " + e.file());
        }
        if (e.license() == null || e.license().isBlank()) {
            throw new IllegalArgumentException("missing license");
        }
        if (e.contextLength() == null || e.contextLength() <= 0) {
            throw new IllegalArgumentException("missing or invalid contextLength");
        }
        if (e.sha256() != null && !SHA256.matcher(e.sha256()).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 hex digits: " + e.sha256());
        }
        if (e.size() != null && e.size() <= 0) {
            throw new IllegalArgumentException("size must be positive: " + e.size());
        }
    }

    /** @return all entries, in catalog order */
    public List<CatalogEntry> entries() {
        return List.copyOf(entries.values());
    }

    /**
     * @param name a catalog name (case-insensitive)
     * @return the entry
     */
    public Optional<CatalogEntry> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(entries.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * @param fileName a local file name
     * @return the entry whose {@code file} is that name
     */
    public Optional<CatalogEntry> findByFile(String fileName) {
        return entries.values().stream().filter(e -> e.file().equals(fileName)).findFirst();
    }

    /**
     * Rewrites every URL starting with {@code https://huggingface.co/} to start with {@code baseUrl} instead, for
     * air-gapped sites with an internal mirror (for example an Artifactory or Nexus Hugging Face remote, or a plain
     * web server laid out like {@code <baseUrl>/<org>/<repo>/resolve/main/<file>}).
     *
     * @param baseUrl the mirror, e.g. {@code https://mirror.example.com/hf}; a trailing slash is optional; null or
     *                blank returns this catalog
     * @return a catalog with rewritten URLs
     */
    public ModelCatalog withMirror(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            return this;
        }
        String base = baseUrl.trim();
        if (!base.startsWith("https://") && !base.startsWith("http://")) {
            throw new IllegalArgumentException("mirror base URL must start with http:// or https://: " + baseUrl);
        }
        String prefix = base.endsWith("/") ? base : base + "/";
        List<CatalogEntry> list = new ArrayList<>();
        for (CatalogEntry e : entries.values()) {
            list.add(
                    e.url().startsWith(HUGGING_FACE)
                            ? e.withUrl(prefix + e.url().substring(HUGGING_FACE.length()))
                            : e);
        }
        return new ModelCatalog(list);
    }

    /**
     * @param env where to read {@code camel.llm.models.mirror} / {@code CAMEL_LLM_MODELS_MIRROR}
     * @return this catalog with the configured mirror applied (the system property wins), or this catalog
     */
    public ModelCatalog withConfiguredMirror(Environment env) {
        Objects.requireNonNull(env, "env");
        String mirror = env.property(Environment.MIRROR_PROPERTY);
        return withMirror(mirror != null ? mirror : env.env(Environment.MIRROR_ENV));
    }

    @Override
    public String toString() {
        return "ModelCatalog" + entries.keySet();
    }
}
