package io.github.camelllm.llamacpp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import de.kherud.llama.CamelLlmParameters;
import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;

import io.github.camelllm.chat.ChatTemplate;
import io.github.camelllm.chat.ChatTemplateContext;
import io.github.camelllm.gguf.GgufModelInfo;
import io.github.camelllm.spi.EmbeddingRequest;
import io.github.camelllm.spi.EmbeddingResult;
import io.github.camelllm.spi.GenerationRequest;
import io.github.camelllm.spi.GenerationStream;
import io.github.camelllm.spi.LlmBackend;
import io.github.camelllm.spi.LlmBackendContext;
import io.github.camelllm.spi.LlmContextLengthExceededException;
import io.github.camelllm.spi.LlmException;
import io.github.camelllm.spi.LlmHealth;
import io.github.camelllm.spi.LlmHealthOptions;
import io.github.camelllm.spi.LlmInvalidRequestException;
import io.github.camelllm.spi.LlmTimeoutException;
import io.github.camelllm.spi.SamplingOptions;

/** One producer's handle on a shared in-process model. */
final class LlamaCppBackend implements LlmBackend {

    private static final String MODEL_TEMPLATE = "\u0000model";

    private final LlmBackendContext.Lease<SharedModel> lease;
    private final SharedModel model;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Map<String, ChatTemplate> templates = new ConcurrentHashMap<>();

    LlamaCppBackend(LlmBackendContext.Lease<SharedModel> lease, ScheduledExecutorService timer) {
        this.lease = lease;
        this.model = lease.get();
        this.timer = timer;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public String modelName() {
        return model.displayName;
    }

    @Override
    public GenerationStream generate(GenerationRequest request) {
        long start = System.nanoTime();
        String prompt = request.isChat() ? renderChat(request) : request.prompt();
        int context = model.contextPerSlot();
        SamplingOptions s = request.sampling();
        // A token is at least one byte; SentencePiece may add a leading space, and BOS/EOS may be added: so a prompt of
        // n bytes has at most n + 3 tokens. When that bound already leaves room for maxTokens, the exact count (a
        // tokenizer pass) runs while llama.cpp processes the prompt instead of before sending it.
        int bound = utf8Length(prompt) + 3;
        boolean countFirst = s.maxTokens() == -1 || bound + s.maxTokens() > context;
        int promptTokens = -1;
        int limit;
        if (countFirst) {
            promptTokens = countTokens(prompt);
            if (promptTokens >= context) {
                throw new LlmContextLengthExceededException(
                        promptTokens, context, "shorten the prompt or raise contextSize");
            }
            int room = context - promptTokens;
            limit = s.maxTokens() == -1 ? room : Math.min(s.maxTokens(), room);
        } else {
            limit = s.maxTokens();
        }
        InferenceParameters params = parameters(prompt, limit, s);
        model.acquireSlot(request.queueTimeoutMillis());
        LlamaIterator iterator;
        try {
            iterator = model.model().generate(params).iterator();
        } catch (RuntimeException e) {
            model.releaseSlot();
            throw new LlmInvalidRequestException("llama.cpp refused the request: " + NativeErrors.message(e), e);
        }
        LocalGeneration generation =
                new LocalGeneration(model, iterator, limit, start, request.timeoutMillis(), request.detached(), timer);
        if (promptTokens < 0) {
            try {
                promptTokens = countTokens(prompt);
            } catch (RuntimeException e) {
                generation.close();
                throw new LlmException("llama.cpp could not tokenize the prompt: " + NativeErrors.message(e), e);
            }
        }
        generation.setInputTokens(promptTokens);
        return generation;
    }

    private static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static InferenceParameters parameters(String prompt, int limit, SamplingOptions s) {
        InferenceParameters p = new InferenceParameters(prompt)
                .setNPredict(limit)
                .setTemperature(s.temperature())
                .setTopP(s.topP())
                .setTopK(s.topK())
                .setMinP(s.minP())
                .setRepeatPenalty(s.repeatPenalty());
        if (s.seed() != null) {
            p.setSeed(s.seed());
        }
        if (!s.stop().isEmpty()) {
            p.setStopStrings(s.stop().toArray(new String[0]));
        }
        if (s.grammar() != null) {
            p.setGrammar(s.grammar());
        }
        if (s.jsonSchema() != null) {
            // already checked to be a JSON object; llama.cpp turns it into a grammar and reports unsupported schemas as
            // errors
            CamelLlmParameters.putJson(p, "json_schema", s.jsonSchema());
        }
        return p;
    }

    String renderChat(GenerationRequest request) {
        GgufModelInfo info = model.info;
        String option = request.chatTemplate();
        ChatTemplate template;
        try {
            template = templates.computeIfAbsent(
                    option == null ? MODEL_TEMPLATE : option,
                    k -> ChatTemplate.resolve(option, info.chatTemplate().orElse(null), model.displayName));
        } catch (IllegalArgumentException e) {
            throw new LlmInvalidRequestException(e.getMessage(), e);
        }
        String bos = info.bosToken().orElse("");
        String eos = info.eosToken().orElse("");
        String prompt;
        try {
            prompt = template.render(request.messages(), new ChatTemplateContext(bos, eos, true));
        } catch (IllegalArgumentException e) {
            throw new LlmInvalidRequestException(e.getMessage(), e);
        }
        // llama.cpp adds the BOS token itself when tokenizing; a template that writes it too would double it
        if (info.addBosToken() && !bos.isEmpty() && prompt.startsWith(bos)) {
            prompt = prompt.substring(bos.length());
        }
        return prompt;
    }

    /** Tokens llama.cpp will evaluate for this text: the binding's encode adds no BOS, the server does. */
    int countTokens(String text) {
        return model.model().encode(text).length + (model.info.addBosToken() ? 1 : 0);
    }

    @Override
    public EmbeddingResult embed(EmbeddingRequest request) {
        long start = System.nanoTime();
        int context = model.contextPerSlot();
        int[] tokens = new int[request.inputs().size()];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = countTokens(request.inputs().get(i));
            if (tokens[i] > context) {
                throw new LlmContextLengthExceededException(
                        tokens[i], context, "embed input [" + i + "] is too long; shorten it or raise contextSize");
            }
        }
        model.acquireSlot(request.queueTimeoutMillis());
        List<float[]> vectors = new ArrayList<>(tokens.length);
        int total = 0;
        try {
            for (int i = 0; i < tokens.length; i++) {
                if (request.timeoutMillis() > 0
                        && System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(request.timeoutMillis())) {
                    throw new LlmTimeoutException("embedding " + tokens.length + " inputs with model "
                            + model.displayName + " exceeded the timeout of " + request.timeoutMillis() + " ms after "
                            + i + " inputs");
                }
                float[] v;
                try {
                    v = model.model().embed(request.inputs().get(i));
                } catch (RuntimeException e) {
                    throw new LlmException(
                            "llama.cpp failed to embed input [" + i + "] with model " + model.displayName + ": "
                                    + NativeErrors.message(e),
                            e);
                }
                vectors.add(v);
                total += tokens[i];
            }
        } finally {
            model.releaseSlot();
        }
        return new EmbeddingResult(vectors, total, (System.nanoTime() - start) / 1_000_000);
    }

    /** UP while the model is loaded: the GGUF file, its context and slots in the details; DOWN once it is closed. */
    @Override
    public LlmHealth status(LlmHealthOptions options) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("mode", model.key.embedding() ? "embeddings" : "generation");
        details.put("contextSize", model.contextPerSlot());
        details.put("slots", model.key.parallel());
        details.put("slotsInUse", model.slotsInUse());
        String file = model.key.path().toString();
        if (closed.get() || model.isClosed()) {
            return LlmHealth.down(
                    name(),
                    model.displayName,
                    file,
                    "model " + model.displayName + " is closed (its route or CamelContext stopped)",
                    null,
                    details);
        }
        return LlmHealth.up(name(), model.displayName, file, details);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            lease.close();
        }
    }
}
