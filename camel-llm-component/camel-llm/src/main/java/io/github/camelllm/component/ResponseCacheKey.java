package io.github.camelllm.component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.camelllm.spi.ChatMessage;
import io.github.camelllm.spi.EmbeddingRequest;
import io.github.camelllm.spi.GenerationRequest;
import io.github.camelllm.spi.SamplingOptions;

/**
 * The key of a cached response: SHA-256 over a canonical JSON form (fixed field order, every field written, floats as
 * Java's shortest exact text) of everything that determines the answer: the operation, the backend and model (with
 * the options that pick them: model, modelPath, baseUrl, and the context options that can cut an answer short), every
 * sampling option (seed, maxTokens, stop, grammar, jsonSchema included), the chat template, and the prompt, messages
 * or embedding inputs. Timeouts are not part of it: they decide whether an answer arrives, not what it is.
 */
final class ResponseCacheKey {

    /** Bumped when the canonical form changes, so that a shared store never serves an answer under an old key. */
    private static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ResponseCacheKey() {}

    static String generation(
            String operation, String backend, String model, LlmConfiguration config, GenerationRequest request) {
        ObjectNode node = common(operation, backend, model, config);
        SamplingOptions s = request.sampling();
        ObjectNode sampling = node.putObject("sampling");
        sampling.put("maxTokens", s.maxTokens());
        sampling.put("temperature", Float.toString(s.temperature()));
        sampling.put("topP", Float.toString(s.topP()));
        sampling.put("topK", s.topK());
        sampling.put("minP", Float.toString(s.minP()));
        sampling.put("repeatPenalty", Float.toString(s.repeatPenalty()));
        sampling.put("seed", s.seed());
        ArrayNode stop = sampling.putArray("stop");
        s.stop().forEach(stop::add);
        sampling.put("jsonSchema", s.jsonSchema());
        sampling.put("grammar", s.grammar());
        node.put("chatTemplate", request.chatTemplate());
        if (request.isChat()) {
            ArrayNode messages = node.putArray("messages");
            for (ChatMessage m : request.messages()) {
                messages.addArray().add(m.role()).add(m.content());
            }
        } else {
            node.put("prompt", request.prompt());
        }
        return sha256(node);
    }

    static String embedding(
            String backend, String model, LlmConfiguration config, EmbeddingRequest request, boolean normalize) {
        ObjectNode node = common("embed", backend, model, config);
        node.put("normalize", normalize);
        ArrayNode inputs = node.putArray("inputs");
        request.inputs().forEach(inputs::add);
        return sha256(node);
    }

    private static ObjectNode common(String operation, String backend, String model, LlmConfiguration config) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("v", VERSION);
        node.put("operation", operation);
        node.put("backend", backend);
        node.put("model", model);
        node.put("modelOption", config.getModel());
        node.put("modelPath", config.getModelPath());
        node.put("baseUrl", config.getBaseUrl());
        node.put("contextSize", config.getContextSize());
        node.put("maxContextSize", config.getMaxContextSize());
        return node;
    }

    static String sha256(ObjectNode canonical) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
