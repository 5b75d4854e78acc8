package io.github.camelllm.llamacpp;

import java.lang.management.ManagementFactory;

import io.github.camelllm.gguf.GgufModelInfo;
import io.github.camelllm.spi.LlmModelException;

/**
 * Refuses a load that cannot fit in this machine's memory before llama.cpp tries it (a failed native allocation can
 * take the JVM down): model weights plus an F16 KV cache of contextPerSlot × parallel tokens.
 */
final class MemoryEstimate {

    private MemoryEstimate() {}

    /** Bytes of the F16 KV cache for {@code tokens} tokens of context. */
    static long kvCacheBytes(GgufModelInfo info, long tokens) {
        String arch = info.architecture();
        long layers = info.blockCount().orElse(0);
        long embd = info.embeddingLength().orElse(0);
        long heads = info.file().getLong(arch + ".attention.head_count").orElse(1);
        long kvHeads = info.file().getLong(arch + ".attention.head_count_kv").orElse(heads);
        long embdKv = heads > 0 ? embd * kvHeads / heads : embd;
        return 2L * layers * tokens * embdKv * 2L;
    }

    static void check(GgufModelInfo info, ModelKey key, String displayName) {
        long total = physicalMemory();
        if (total <= 0) {
            return;
        }
        long weights = info.estimatedWeightsBytes();
        long kv = kvCacheBytes(info, (long) key.contextPerSlot() * key.parallel());
        if (weights + kv > total) {
            throw new LlmModelException(String.format(
                    "model %s needs about %.1f GiB (weights %.1f GiB + KV cache %.1f GiB for"
                            + " context %d x %d slot(s)) but this machine has %.1f GiB: lower contextSize or parallel, or use a smaller"
                            + " quantization",
                    displayName,
                    gib(weights + kv),
                    gib(weights),
                    gib(kv),
                    key.contextPerSlot(),
                    key.parallel(),
                    gib(total)));
        }
    }

    private static double gib(long bytes) {
        return bytes / (1024.0 * 1024 * 1024);
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }
}
