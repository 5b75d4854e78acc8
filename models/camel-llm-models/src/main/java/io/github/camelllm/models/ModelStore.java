package io.github.camelllm.models;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import io.github.camelllm.gguf.GgufFile;
import io.github.camelllm.gguf.GgufModelInfo;

/** The models in a models directory: list, inspect, remove. */
public final class ModelStore {

    /**
     * A {@code *.gguf} file in the models directory. When the file cannot be read as GGUF, {@code error} says why
     * and the metadata fields are empty.
     *
     * @param path          the file
     * @param fileName      its name
     * @param size          bytes on disk
     * @param catalogName   the catalog name whose file this is, if any
     * @param architecture  {@code general.architecture}, empty if unknown
     * @param quantization  e.g. {@code Q4_K_M}, empty if unknown
     * @param contextLength the training context length
     * @param error         why the file could not be read, or null
     */
    public record LocalModel(
            Path path,
            String fileName,
            long size,
            Optional<String> catalogName,
            String architecture,
            String quantization,
            OptionalLong contextLength,
            String error) {

        /** @return true if the file was read as GGUF */
        public boolean readable() {
            return error == null;
        }
    }

    /**
     * Full metadata of one model file.
     *
     * @param path                  the file
     * @param size                  bytes on disk
     * @param catalogEntry          the catalog entry, if the file is a catalog model
     * @param name                  {@code general.name}
     * @param architecture          {@code general.architecture}
     * @param quantization          the quantization name
     * @param parameterCount        parameters (sum of tensor elements)
     * @param contextLength         training context length
     * @param embeddingLength       embedding size
     * @param blockCount            transformer blocks
     * @param vocabSize             tokenizer vocabulary size
     * @param tokenizerModel        {@code tokenizer.ggml.model}
     * @param hasChatTemplate       true if the file has {@code tokenizer.chat_template}
     * @param embeddingModel        true if this looks like an embedding model
     * @param vocabOnly             true if the file has no tensors
     * @param estimatedWeightsBytes bytes of tensor data
     * @param ggufVersion           GGUF format version
     * @param tensorCount           number of tensors
     * @param metadataKeys          number of metadata keys
     * @param summary               one-line summary from the GGUF reader
     */
    public record ModelDetails(
            Path path,
            long size,
            Optional<CatalogEntry> catalogEntry,
            String name,
            String architecture,
            String quantization,
            long parameterCount,
            OptionalLong contextLength,
            OptionalLong embeddingLength,
            OptionalLong blockCount,
            int vocabSize,
            String tokenizerModel,
            boolean hasChatTemplate,
            boolean embeddingModel,
            boolean vocabOnly,
            long estimatedWeightsBytes,
            int ggufVersion,
            long tensorCount,
            int metadataKeys,
            String summary) {}

    private final Path modelsDir;
    private final ModelCatalog catalog;

    /**
     * @param modelsDir the models directory (need not exist)
     * @param catalog   catalog used to map names to files
     */
    public ModelStore(Path modelsDir, ModelCatalog catalog) {
        this.modelsDir =
                Objects.requireNonNull(modelsDir, "modelsDir").toAbsolutePath().normalize();
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /** @param modelsDir the models directory, with the bundled catalog */
    public ModelStore(Path modelsDir) {
        this(modelsDir, ModelCatalog.load());
    }

    /** @return the models directory */
    public Path modelsDir() {
        return modelsDir;
    }

    /**
     * @return every {@code *.gguf} file in the models directory (not recursive), sorted by name; unreadable files
     *         are included with their error; an empty list if the directory does not exist
     * @throws IOException if the directory cannot be listed
     */
    public List<LocalModel> list() throws IOException {
        List<LocalModel> out = new ArrayList<>();
        if (!Files.isDirectory(modelsDir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(modelsDir)) {
            for (Path p : ds) {
                String fn = p.getFileName().toString();
                if (!fn.toLowerCase(Locale.ROOT).endsWith(".gguf") || !Files.isRegularFile(p)) {
                    continue;
                }
                long size = sizeOf(p);
                Optional<String> cat = catalog.findByFile(fn).map(CatalogEntry::name);
                try {
                    GgufModelInfo info = GgufModelInfo.of(GgufFile.read(p));
                    out.add(new LocalModel(
                            p, fn, size, cat, info.architecture(), info.fileTypeName(), info.contextLength(), null));
                } catch (IOException | RuntimeException e) {
                    out.add(new LocalModel(
                            p,
                            fn,
                            size,
                            cat,
                            "",
                            "",
                            OptionalLong.empty(),
                            e.getMessage() == null ? e.toString() : e.getMessage()));
                }
            }
        }
        out.sort(Comparator.comparing(LocalModel::fileName));
        return out;
    }

    /**
     * @return the {@code .part} files of interrupted downloads in the models directory, sorted
     * @throws IOException if the directory cannot be listed
     */
    public List<Path> partialDownloads() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(modelsDir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(modelsDir, "*.gguf" + ModelDownloader.PART_SUFFIX)) {
            ds.forEach(out::add);
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /**
     * @param nameOrPath a path to a file, or a catalog name / file name in the models directory
     * @return the file's full metadata
     * @throws ModelNotFoundException if there is no such file
     * @throws IOException            if the file is not a readable GGUF file
     */
    public ModelDetails info(String nameOrPath) throws IOException {
        Path p = locate(nameOrPath, true);
        GgufFile f = GgufFile.read(p);
        GgufModelInfo i = GgufModelInfo.of(f);
        String fn = p.getFileName().toString();
        Optional<CatalogEntry> entry =
                catalog.find(nameOrPath).filter(e -> e.file().equals(fn)).or(() -> catalog.findByFile(fn));
        return new ModelDetails(
                p,
                f.fileSize(),
                entry,
                i.name(),
                i.architecture(),
                i.fileTypeName(),
                i.parameterCount(),
                i.contextLength(),
                i.embeddingLength(),
                i.blockCount(),
                i.vocabSize(),
                i.tokenizerModel(),
                i.chatTemplate().isPresent(),
                i.isEmbeddingModel(),
                i.isVocabOnly(),
                i.estimatedWeightsBytes(),
                f.version(),
                f.tensorCount(),
                f.metadata().size(),
                i.summary());
    }

    /**
     * Deletes a model from the models directory, and its {@code .part} file if any. Only files directly inside the
     * models directory can be removed; names with path separators or {@code ..} are refused.
     *
     * @param name a catalog name or a file name in the models directory
     * @return the deleted files (the model first)
     * @throws ModelNotFoundException   if there is nothing of that name
     * @throws IllegalArgumentException if the name is a path
     * @throws IOException              if deleting fails
     */
    public List<Path> remove(String name) throws IOException {
        Objects.requireNonNull(name, "name");
        if (ModelResolver.looksLikePath(name.trim()) || name.contains("..")) {
            throw new IllegalArgumentException("refusing to remove '" + name + "': give a model name or a file name "
                    + "inside " + modelsDir + ", not a path");
        }
        List<Path> deleted = new ArrayList<>();
        Path p = locate(name.trim(), false);
        if (p != null) {
            checkInside(p);
            Files.delete(p);
            deleted.add(p);
        }
        for (String fn : candidates(name.trim())) {
            Path part = modelsDir.resolve(fn + ModelDownloader.PART_SUFFIX);
            checkInside(part);
            if (Files.deleteIfExists(part)) {
                deleted.add(part);
            }
        }
        if (deleted.isEmpty()) {
            throw new ModelNotFoundException(
                    name,
                    List.of("models directory " + modelsDir + ": no " + String.join(" or ", candidates(name.trim()))),
                    null);
        }
        return deleted;
    }

    private Path locate(String nameOrPath, boolean allowPath) {
        Objects.requireNonNull(nameOrPath, "nameOrPath");
        String v = nameOrPath.trim();
        if (allowPath && ModelResolver.looksLikePath(v)) {
            Path p = ModelDirectories.expandHome(v, Environment.system())
                    .toAbsolutePath()
                    .normalize();
            if (Files.isRegularFile(p)) {
                return p;
            }
            throw new ModelNotFoundException(v, List.of("path " + p + ": no such file"), null);
        }
        List<String> c = candidates(v);
        for (String fn : c) {
            Path p = modelsDir.resolve(fn).normalize();
            if (p.getParent() != null && p.getParent().equals(modelsDir) && Files.isRegularFile(p)) {
                return p;
            }
        }
        if (!allowPath) {
            return null;
        }
        throw new ModelNotFoundException(
                v,
                List.of("models directory " + modelsDir + ": no " + String.join(" or ", c)),
                catalog.find(v).map(CatalogEntry::pullCommand).orElse(null));
    }

    private List<String> candidates(String name) {
        List<String> c = new ArrayList<>();
        catalog.find(name).ifPresent(e -> c.add(e.file()));
        if (name.toLowerCase(Locale.ROOT).endsWith(".gguf")) {
            c.add(name);
        } else {
            c.add(name + ".gguf");
        }
        return c.stream().distinct().toList();
    }

    private void checkInside(Path p) {
        Path n = p.toAbsolutePath().normalize();
        if (!modelsDir.equals(n.getParent())) {
            throw new IllegalArgumentException("refusing to touch " + p + ": it is not inside " + modelsDir);
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            return -1;
        }
    }
}
