package io.github.camelllm.gguf;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Model facts derived from a {@link GgufFile}'s metadata and tensor infos, for auto-configuration: architecture,
 * context length, tokenizer details, whether the model is an embedding model, and so on.
 *
 * <p>Architecture-specific keys are looked up under the {@code general.architecture} prefix, e.g.
 * {@code llama.context_length}. Instances are immutable.
 */
public final class GgufModelInfo {

    /** Architectures that llama.cpp runs as (non-causal) embedding encoders. */
    private static final Set<String> EMBEDDING_ARCHITECTURES = Set.of(
            "bert",
            "nomic-bert",
            "nomic-bert-moe",
            "jina-bert-v2",
            "jina-bert-v3",
            "t5encoder",
            "neo-bert",
            "modern-bert");

    /** Short names of llama.cpp's {@code LLAMA_FTYPE_*} values (without the {@code MOSTLY_} prefix). */
    private static final Map<Long, String> FILE_TYPES = new HashMap<>();

    static {
        String[] names = {
            "0",
            "F32",
            "1",
            "F16",
            "2",
            "Q4_0",
            "3",
            "Q4_1",
            "4",
            "Q4_1_SOME_F16",
            "7",
            "Q8_0",
            "8",
            "Q5_0",
            "9",
            "Q5_1",
            "10",
            "Q2_K",
            "11",
            "Q3_K_S",
            "12",
            "Q3_K_M",
            "13",
            "Q3_K_L",
            "14",
            "Q4_K_S",
            "15",
            "Q4_K_M",
            "16",
            "Q5_K_S",
            "17",
            "Q5_K_M",
            "18",
            "Q6_K",
            "19",
            "IQ2_XXS",
            "20",
            "IQ2_XS",
            "21",
            "Q2_K_S",
            "22",
            "IQ3_XS",
            "23",
            "IQ3_XXS",
            "24",
            "IQ1_S",
            "25",
            "IQ4_NL",
            "26",
            "IQ3_S",
            "27",
            "IQ3_M",
            "28",
            "IQ2_S",
            "29",
            "IQ2_M",
            "30",
            "IQ4_XS",
            "31",
            "IQ1_M",
            "32",
            "BF16",
            "36",
            "TQ1_0",
            "37",
            "TQ2_0"
        };
        for (int i = 0; i < names.length; i += 2) {
            FILE_TYPES.put(Long.parseLong(names[i]), names[i + 1]);
        }
    }

    private final GgufFile file;
    private final String architecture;
    private final long parameterCount;
    private final long knownTensorBytes;
    private final boolean allTensorSizesKnown;
    private final String dominantTensorType;
    private final List<?> tokens;

    private GgufModelInfo(GgufFile file) {
        this.file = file;
        this.architecture = file.getString("general.architecture").orElse("");
        long params = 0;
        long bytes = 0;
        boolean allKnown = true;
        Map<String, Long> elementsByType = new HashMap<>();
        for (GgufTensorInfo t : file.tensors()) {
            long n = t.elementCount();
            params = saturatedAdd(params, n);
            if (t.byteSize() < 0) {
                allKnown = false;
            } else {
                bytes = saturatedAdd(bytes, t.byteSize());
            }
            elementsByType.merge(t.typeName(), n, GgufModelInfo::saturatedAdd);
        }
        this.parameterCount = params;
        this.knownTensorBytes = bytes;
        this.allTensorSizesKnown = allKnown;
        this.dominantTensorType = elementsByType.entrySet().stream()
                .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .orElse("");
        Object t = file.metadata().get("tokenizer.ggml.tokens");
        this.tokens = t instanceof List<?> l ? l : List.of();
    }

    /**
     * @param file a file read by {@link GgufFile#read(java.nio.file.Path)}
     * @return the derived model information
     */
    public static GgufModelInfo of(GgufFile file) {
        return new GgufModelInfo(Objects.requireNonNull(file, "file"));
    }

    /** @return the file this information was derived from */
    public GgufFile file() {
        return file;
    }

    /** @return {@code general.architecture}, e.g. {@code "llama"}; empty string if absent */
    public String architecture() {
        return architecture;
    }

    /** @return {@code general.name}; empty string if absent */
    public String name() {
        return file.getString("general.name").orElse("");
    }

    /** @return the training context length, {@code <arch>.context_length} */
    public OptionalLong contextLength() {
        return archLong("context_length");
    }

    /** @return the embedding (hidden) size, {@code <arch>.embedding_length} */
    public OptionalLong embeddingLength() {
        return archLong("embedding_length");
    }

    /** @return the number of transformer blocks, {@code <arch>.block_count} */
    public OptionalLong blockCount() {
        return archLong("block_count");
    }

    /** @return the number of parameters: the sum of all tensors' element counts (0 for a vocabulary-only file) */
    public long parameterCount() {
        return parameterCount;
    }

    /** @return {@code general.file_type}, llama.cpp's {@code LLAMA_FTYPE} value, if present */
    public OptionalLong fileType() {
        return file.getLong("general.file_type");
    }

    /**
     * @return a short name for the quantization, e.g. {@code "F32"}, {@code "F16"}, {@code "Q8_0"},
     *         {@code "Q4_K_M"}: from {@code general.file_type} if present ({@code "UNKNOWN(n)"} for an id not known
     *         here), otherwise the name of the tensor type holding the most elements, otherwise (no tensors) an
     *         empty string
     */
    public String fileTypeName() {
        OptionalLong ft = fileType();
        if (ft.isPresent()) {
            String name = FILE_TYPES.get(ft.getAsLong());
            return name != null ? name : "UNKNOWN(" + ft.getAsLong() + ")";
        }
        return dominantTensorType;
    }

    /** @return {@code tokenizer.ggml.model}, e.g. {@code "llama"} (SentencePiece), {@code "gpt2"} (BPE), {@code "bert"} (WordPiece); empty string if absent */
    public String tokenizerModel() {
        return file.getString("tokenizer.ggml.model").orElse("");
    }

    /** @return the number of entries in {@code tokenizer.ggml.tokens}, 0 if there are none */
    public int vocabSize() {
        return tokens.size();
    }

    /** @return {@code tokenizer.chat_template}, the model's Jinja2 chat template, if present */
    public Optional<String> chatTemplate() {
        return file.getString("tokenizer.chat_template");
    }

    /** @return {@code tokenizer.ggml.bos_token_id}, if present */
    public OptionalLong bosTokenId() {
        return file.getLong("tokenizer.ggml.bos_token_id");
    }

    /** @return {@code tokenizer.ggml.eos_token_id}, if present */
    public OptionalLong eosTokenId() {
        return file.getLong("tokenizer.ggml.eos_token_id");
    }

    /** @return the text of the BOS token, if its id is present and inside {@code tokenizer.ggml.tokens} */
    public Optional<String> bosToken() {
        return token(bosTokenId());
    }

    /** @return the text of the EOS token, if its id is present and inside {@code tokenizer.ggml.tokens} */
    public Optional<String> eosToken() {
        return token(eosTokenId());
    }

    /**
     * @return {@code tokenizer.ggml.add_bos_token}; when absent, true for the {@code "llama"} (SentencePiece) and
     *         {@code "bert"} (WordPiece, where the BOS is the CLS token) tokenizers and false otherwise (e.g.
     *         {@code "gpt2"}), as llama.cpp does
     */
    public boolean addBosToken() {
        Optional<Boolean> b = file.getBoolean("tokenizer.ggml.add_bos_token");
        if (b.isPresent()) {
            return b.get();
        }
        String model = tokenizerModel();
        return model.equals("llama") || model.equals("bert");
    }

    /** @return {@code <arch>.pooling_type} (llama.cpp: 0 none, 1 mean, 2 cls, 3 last, 4 rank), if present */
    public OptionalLong poolingType() {
        return archLong("pooling_type");
    }

    /**
     * @return true if this looks like an embedding model: {@code <arch>.pooling_type} is present, or the
     *         architecture is an encoder such as bert, nomic-bert, jina-bert-v2 or t5encoder, or
     *         {@code <arch>.attention.causal} is false
     */
    public boolean isEmbeddingModel() {
        return poolingType().isPresent()
                || EMBEDDING_ARCHITECTURES.contains(architecture)
                || file.getBoolean(architecture + ".attention.causal")
                        .map(c -> !c)
                        .orElse(false);
    }

    /** @return true if the file has no tensors (a tokenizer-only file, loadable by llama.cpp with vocab_only) */
    public boolean isVocabOnly() {
        return file.tensorCount() == 0;
    }

    /**
     * @return the bytes of tensor data: the sum of the tensors' sizes, or, if some tensor has a type unknown to this
     *         reader, the size of the data section (file size minus data offset)
     */
    public long estimatedWeightsBytes() {
        if (allTensorSizesKnown) {
            return knownTensorBytes;
        }
        return Math.max(0, file.fileSize() - file.dataOffset());
    }

    /**
     * @return a one-line description, e.g.
     *         {@code "llama 'llama': 292.8K params, F32, ctx 2048, vocab 512"}
     */
    public String summary() {
        StringBuilder sb = new StringBuilder(architecture.isEmpty() ? "unknown architecture" : architecture);
        String name = name();
        if (!name.isEmpty()) {
            sb.append(" '").append(name).append('\'');
        }
        sb.append(": ");
        if (isVocabOnly()) {
            sb.append("vocabulary only");
        } else {
            sb.append(humanCount(parameterCount)).append(" params");
        }
        String ft = fileTypeName();
        if (!ft.isEmpty()) {
            sb.append(", ").append(ft);
        }
        contextLength().ifPresent(c -> sb.append(", ctx ").append(c));
        sb.append(", vocab ").append(vocabSize());
        if (isEmbeddingModel()) {
            sb.append(", embedding model");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return summary();
    }

    /** Formats a count like 812, 292.8K, 7.2M, 1.2B. */
    static String humanCount(long n) {
        if (n < 1000) {
            return Long.toString(n);
        }
        String[] units = {"K", "M", "B", "T"};
        double v = n;
        int u = -1;
        while (v >= 999.95 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f%s", v, units[u]);
    }

    private OptionalLong archLong(String suffix) {
        return architecture.isEmpty() ? OptionalLong.empty() : file.getLong(architecture + "." + suffix);
    }

    private Optional<String> token(OptionalLong id) {
        if (id.isEmpty() || id.getAsLong() < 0 || id.getAsLong() >= tokens.size()) {
            return Optional.empty();
        }
        return tokens.get((int) id.getAsLong()) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
