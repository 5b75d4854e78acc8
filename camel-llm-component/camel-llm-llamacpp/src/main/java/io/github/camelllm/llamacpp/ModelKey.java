package io.github.camelllm.llamacpp;

import java.nio.file.Path;

/**
 * What makes two loaded models different: endpoints with equal keys share one native model.
 *
 * @param contextPerSlot context tokens of each slot; llama.cpp gets contextPerSlot × parallel
 * @param threads        null for llama.cpp's default
 * @param embedding      loaded for embeddings (llama.cpp serves either embeddings or completions per model)
 */
record ModelKey(Path path, int contextPerSlot, int parallel, Integer threads, int gpuLayers, boolean embedding) {}
