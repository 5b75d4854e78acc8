package io.github.camelllm.llamacpp.jni;

/**
 * The project's JNI layer over llama.cpp's C API ({@code llama.h}), implemented in {@code src/main/native/camelllm_jni.cpp}.
 * Handles are native pointers as {@code long}; 0 is never a valid handle.
 * <p>
 * Every entry point catches C++ exceptions and throws {@link LlamaNativeException} instead, so no call can end the
 * JVM with an uncaught exception. Arguments are checked in Java before these calls (see the engine); the native side
 * checks them again where a bad value would corrupt memory (null handles, sizes, indexes) and throws
 * {@link LlamaNativeException} with kind {@code "argument"}. No native thread is ever attached to the JVM: llama.cpp's log
 * callback forwards a line to {@link NativeLog} only when it runs on a thread that already is a Java thread (a JNI call
 * in progress); lines logged by llama.cpp's own worker threads at warning level or above go to stderr, others are
 * dropped.
 * <p>
 * Thread-safety: a model handle may be used from any thread; a context handle and the samplers used with it from one
 * thread at a time (the engine's decode thread).
 * <p>
 * Load the libraries with {@link NativeLibrary#load()} before the first call. Handles point to small native structs
 * that carry a type tag: a handle of the wrong type or an already freed one is reported (kind {@code "argument"}) in
 * the common case, but using a freed handle remains undefined behaviour. The {@code *Free} methods ignore 0.
 */
public final class LlamaJni {

    private LlamaJni() {}

    /** Pooling types of embedding contexts, as in llama.h's {@code enum llama_pooling_type}. */
    public static final int POOLING_UNSPECIFIED = -1;

    public static final int POOLING_NONE = 0;
    public static final int POOLING_MEAN = 1;
    public static final int POOLING_CLS = 2;
    public static final int POOLING_LAST = 3;

    /**
     * Initialises llama.cpp once per process: routes llama.cpp's log lines to {@link NativeLog#log(int, String)}
     * ({@code llama_log_set}), then {@code ggml_backend_load_all_from_path(libDir)} (the best
     * {@code libggml-cpu-<variant>.so} for this CPU is picked), then {@code llama_backend_init} (in this order:
     * {@code llama_backend_init} would otherwise look for backends next to the {@code java} executable). Idempotent:
     * later calls return the first result. Called by {@link NativeLibrary#load()}.
     *
     * @return llama.cpp's version, the backend devices and CPU features ({@code llama_print_system_info})
     * @throws LlamaNativeException kind {@code "argument"} when libDir is not a directory, {@code "internal"} when no
     *     backend could be loaded from it
     */
    public static native String backendInit(String libDir);

    /** Number of loaded ggml backend devices of type GPU (0 on the CPU-only build). */
    public static native int gpuDeviceCount();

    /**
     * Loads a GGUF model ({@code llama_model_load_from_file}). The file must be a regular file starting with the GGUF
     * magic; this is checked first, so directories, FIFOs and other files fail with a clear message.
     *
     * @param gpuLayers layers to offload, -1 for all
     * @param vocabOnly load only the vocabulary (tokenizer), no weights; such a model cannot create contexts
     * @throws LlamaNativeException kind {@code "model"} when the file is missing, not a GGUF file, or llama.cpp cannot
     *     load it (the message has llama.cpp's reason); {@code "argument"} for gpuLayers &lt; -1
     */
    public static native long modelLoad(String path, int gpuLayers, boolean vocabOnly);

    /**
     * Frees a model ({@code llama_model_free}); 0 is ignored.
     *
     * @throws LlamaNativeException kind {@code "argument"} while contexts or samplers of the model are alive (free
     *     them first: they use the model's weights and vocabulary)
     */
    public static native void modelFree(long model);

    /** {@code llama_model_n_ctx_train}. */
    public static native int modelTrainContext(long model);

    /**
     * The length of the vectors {@link #embeddingsSequence} and {@link #embeddingsOutput} return:
     * {@code llama_model_n_embd_out} (the hidden size {@code llama_model_n_embd} for most models; differs for models
     * with an output projection).
     */
    public static native int modelEmbeddingSize(long model);

    /**
     * {@code llama_model_has_encoder}: true for T5-like encoder-decoder and encoder-only models. BERT-like embedding
     * models are not "encoders" to llama.cpp (false here): {@link #decode} runs them.
     */
    public static native boolean modelHasEncoder(long model);

    /** {@code llama_model_has_decoder}. */
    public static native boolean modelHasDecoder(long model);

    /** The model's default chat template ({@code llama_model_chat_template(model, NULL)}), or null. */
    public static native String modelChatTemplate(long model);

    /** {@code llama_model_meta_val_str}, or null when the key is absent. */
    public static native String modelMeta(long model, String key);

    /** {@code llama_vocab_n_tokens}. */
    public static native int vocabSize(long model);

    /** {@code llama_vocab_get_add_bos}. */
    public static native boolean vocabAddsBos(long model);

    /** {@code llama_vocab_is_eog}: end of generation (EOS, EOT, ...). A token outside the vocabulary: kind {@code "argument"}. */
    public static native boolean tokenIsEog(long model, int token);

    /**
     * Tokenizes UTF-8 text ({@code llama_tokenize}, sized by a first call).
     *
     * @param addSpecial   add BOS/EOS as the model's vocabulary says
     * @param parseSpecial treat special-token text (e.g. {@code <|im_start|>}) as those tokens
     */
    public static native int[] tokenize(long model, byte[] utf8, boolean addSpecial, boolean parseSpecial);

    /**
     * The bytes of one token ({@code llama_token_to_piece}, lstrip 0). Bytes, not text: one character may be split
     * over several tokens. A token outside the vocabulary: kind {@code "argument"}.
     *
     * @param special render special tokens as their text (otherwise they are empty)
     */
    public static native byte[] tokenPiece(long model, int token, boolean special);

    /**
     * Creates a context ({@code llama_init_from_model}) with an abort flag (see {@link #contextAbort}) and a batch
     * buffer of {@code batchSize} entries. llama.cpp may lower {@code batchSize} to {@code contextSize} (causal models)
     * and {@code ubatchSize} to {@code batchSize}; {@link #decode} checks against the lowered values.
     *
     * @param contextSize  total KV cells: context per sequence × sequences (0: the model's training context)
     * @param batchSize    {@code n_batch}, the most tokens one {@link #decode} takes
     * @param ubatchSize   {@code n_ubatch}
     * @param sequences    {@code n_seq_max}, 1 to 256 ({@code llama_max_parallel_sequences})
     * @param threads      {@code n_threads} for generation
     * @param threadsBatch {@code n_threads_batch} for prompt processing
     * @param embeddings   compute embeddings (with {@code pooling})
     * @param pooling      one of the {@code POOLING_*} values
     * @throws LlamaNativeException kind {@code "context"} when llama.cpp cannot create it (e.g. out of memory) or the
     *     model was loaded vocabOnly; {@code "argument"} for sizes or thread counts &lt; 1, a negative contextSize, or
     *     an unknown pooling
     */
    public static native long contextCreate(
            long model,
            int contextSize,
            int batchSize,
            int ubatchSize,
            int sequences,
            int threads,
            int threadsBatch,
            boolean embeddings,
            int pooling);

    /** Frees a context ({@code llama_free}) and its abort flag; 0 is ignored. */
    public static native void contextFree(long context);

    /**
     * Makes the next and every later {@link #decode} of this context return 2 (aborted) as soon as llama.cpp checks
     * (between graph nodes), until {@link #contextAbort(long, boolean)} is called with false. Safe from any thread.
     */
    public static native void contextAbort(long context, boolean abort);

    /**
     * {@code llama_memory_seq_rm(mem, seq, from, to)}: forgets positions [from, to) of a sequence (from &lt; 0: from
     * 0; to &lt; 0: to the end; sequence -1: every sequence). True on contexts without KV cache. A sequence outside
     * [-1, sequences): kind {@code "argument"}.
     */
    public static native boolean memorySeqRemove(long context, int sequence, int from, int to);

    /**
     * Decodes one batch ({@code llama_decode}) of {@code count} tokens: token, position, sequence id and whether
     * logits (or embeddings) are wanted, per entry (the arrays may be longer than count).
     * <p>
     * Checked first (kind {@code "argument"}), because llama.cpp would assert and end the process: 1 &lt;= count &lt;=
     * the context's batch size; on embedding contexts, non-causal models and models without KV cache (BERT-like)
     * also count &lt;= the ubatch size (the whole batch is one ubatch there; pooled embeddings need it anyway);
     * tokens inside the vocabulary and sequence ids in [0, sequences). Positions are checked by llama.cpp (-1).
     *
     * @return llama_decode's result: 0 success, 1 no KV slot for the batch, 2 aborted, negative error
     */
    public static native int decode(
            long context, int count, int[] tokens, int[] positions, int[] sequences, boolean[] outputs);

    /**
     * Encodes one batch ({@code llama_encode}), same arrays and checks as {@link #decode}, and count &lt;= the ubatch
     * size. Only for models with an encoder ({@link #modelHasEncoder}) or without KV cache (BERT-like, where
     * {@link #decode} does the same): llama_encode on a decoder-only model crashes the process, so it is refused with
     * kind {@code "argument"}.
     */
    public static native int encode(
            long context, int count, int[] tokens, int[] positions, int[] sequences, boolean[] outputs);

    /**
     * Creates a sampler chain: penalties (repeat penalty over the last {@code penaltyLastN} tokens; off when
     * repeatPenalty is 1 or penaltyLastN 0), then, when {@code grammar} is not null, the grammar, then top-k (when &gt;
     * 0), top-p (when &lt; 1), min-p (when &gt; 0), temperature and the final distribution seeded with {@code seed};
     * at temperature &lt;= 0 only greedy (argmax) after penalties and grammar.
     * <p>
     * Grammar limits (kind {@code "grammar"}), because llama.cpp's parser recurses per nesting level (a Java thread's
     * stack overflows at a few thousand) and copies repeated items: at most 256 KiB, groups nested at most 1000 deep,
     * {@code {m,n}} repetitions expanding to at most about 4 million rule elements, no U+0000 (write {@code \x00});
     * the grammar is parsed on a native thread with a large stack.
     *
     * @param seed    0 to 4294967294; a negative value or 4294967295 ({@code LLAMA_DEFAULT_SEED}) picks a random seed
     * @param grammar a GBNF grammar with root rule {@code root}, or null (an empty grammar is an error)
     * @throws LlamaNativeException kind {@code "grammar"} when the grammar does not parse (llama.cpp prints the
     *     parser's position on stderr) or exceeds the limits; {@code "argument"} for a NaN temperature, topP or minP
     *     outside [0, 1], a repeatPenalty that is not positive and finite, or a negative penaltyLastN
     */
    public static native long samplerCreate(
            long model,
            float temperature,
            int topK,
            float topP,
            float minP,
            float repeatPenalty,
            int penaltyLastN,
            long seed,
            String grammar);

    /**
     * Samples the token for a batch entry and accepts it into the penalties and the grammar (what
     * {@code llama_sampler_sample} does, with a check in between: when the grammar rejects every token, llama.cpp would
     * pick a rejected one and assert).
     *
     * @param index the index in the last decoded batch of an entry whose outputs flag was true, or -1 for the last
     *     output
     * @throws LlamaNativeException kind {@code "grammar"} when the grammar allows no token (then, or after a later
     *     grammar error, the sampler keeps failing: free it); {@code "argument"} when the entry has no logits or the
     *     sampler and context belong to different models
     */
    public static native int samplerSample(long sampler, long context, int index);

    /**
     * Feeds prompt tokens to the sampler's repeat-penalty history ({@code llama_sampler_accept}). Not to the grammar:
     * it constrains the output only, and a prompt token it does not allow would break it (an end-of-generation token
     * would even end the process). Tokens outside the vocabulary: kind {@code "argument"}.
     */
    public static native void samplerAccept(long sampler, int[] tokens);

    /** Frees a sampler; 0 is ignored. */
    public static native void samplerFree(long sampler);

    /**
     * The pooled embedding of a sequence after the last decode ({@code llama_get_embeddings_seq}), float[
     * {@link #modelEmbeddingSize}] (a reranker's scores, {@code llama_model_n_cls_out} floats, when the model's
     * pooling is RANK), or null when there is none (not an embedding context, pooling NONE, or the sequence was not in
     * the batch). A sequence outside [0, sequences): kind {@code "argument"}.
     */
    public static native float[] embeddingsSequence(long context, int sequence);

    /**
     * The embedding of a batch entry ({@code llama_get_embeddings_ith}; index as in {@link #samplerSample}), or null
     * when there is none: only embedding contexts with pooling NONE have per-token embeddings.
     */
    public static native float[] embeddingsOutput(long context, int index);

    /**
     * Converts a JSON schema to a GBNF grammar with llama.cpp's own converter ({@code json_schema_to_grammar} of
     * {@code common/json-schema-to-grammar.h}), on a native thread with a large stack. An unsupported
     * {@code "pattern"} is not an error: llama.cpp then accepts any string there and prints a warning on stderr.
     *
     * @throws LlamaNativeException kind {@code "schema"} when the schema is not valid JSON or not supported (e.g. an
     *     unresolvable {@code $ref}, an unknown type), larger than 256 KiB or nested more than 256 levels deep
     */
    public static native String jsonSchemaToGrammar(String schema);
}
