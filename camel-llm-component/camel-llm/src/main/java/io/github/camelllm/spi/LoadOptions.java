package io.github.camelllm.spi;

/**
 * How a local model is loaded, from the endpoint's options, already range-checked by the component.
 *
 * @param contextSize    context tokens per slot asked for, or null for the model's own (capped by maxContextSize)
 * @param maxContextSize the cap on the context taken from the model when contextSize is null
 * @param parallel       slots: requests served at once
 * @param threads        CPU threads, or null for the engine's default
 * @param gpuLayers      layers offloaded to a GPU: -1 all, 0 none
 */
public record LoadOptions(Integer contextSize, int maxContextSize, int parallel, Integer threads, int gpuLayers) {}
