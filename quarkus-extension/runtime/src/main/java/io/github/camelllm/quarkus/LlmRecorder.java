package io.github.camelllm.quarkus;

import java.util.ArrayList;
import java.util.List;

import io.github.camelllm.component.LlmComponent;
import io.github.camelllm.component.LlmConfiguration;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Creates the {@code llm} component from {@code quarkus.camel.llm.*}; it is bound in the Camel registry under the name
 * {@code llm}, so Camel uses it (and not a component found on the classpath) and {@code camel.component.llm.*}
 * properties are applied to it afterwards.
 */
@Recorder
public class LlmRecorder {

    private final RuntimeValue<LlmRuntimeConfig> config;

    public LlmRecorder(RuntimeValue<LlmRuntimeConfig> config) {
        this.config = config;
    }

    public RuntimeValue<LlmComponent> createComponent() {
        LlmRuntimeConfig c = config.getValue();
        validate(c);
        LlmComponent component = new LlmComponent();
        apply(c, component.getConfiguration());
        return new RuntimeValue<>(component);
    }

    static void apply(LlmRuntimeConfig c, LlmConfiguration target) {
        target.setBackend(c.backend().name());
        c.model().ifPresent(target::setModel);
        c.modelPath().ifPresent(target::setModelPath);
        c.modelsDir().ifPresent(target::setModelsDir);
        target.setPullStrategy(c.pullStrategy().name());
        if (c.threads().isPresent()) {
            target.setThreads(c.threads().getAsInt());
        }
        target.setGpuLayers(c.gpuLayers());
        target.setParallel(c.parallel());
    }

    /** Checks the ranges the llama.cpp backend enforces, naming the Quarkus property that is wrong. */
    static void validate(LlmRuntimeConfig c) {
        List<String> problems = new ArrayList<>();
        if (c.parallel() < 1 || c.parallel() > 64) {
            problems.add("quarkus.camel.llm.parallel=" + c.parallel() + " is out of range: must be between 1 and 64");
        }
        if (c.threads().isPresent() && (c.threads().getAsInt() < 1 || c.threads().getAsInt() > 1024)) {
            problems.add("quarkus.camel.llm.threads=" + c.threads().getAsInt()
                    + " is out of range: must be between 1 and 1024 (unset: llama.cpp's default)");
        }
        if (c.gpuLayers() < -1) {
            problems.add("quarkus.camel.llm.gpu-layers=" + c.gpuLayers()
                    + " is out of range: must be -1 (all), 0 (CPU only) or a layer count");
        }
        c.model().filter(String::isBlank).ifPresent(m -> problems.add("quarkus.camel.llm.model is blank"));
        c.modelPath().filter(String::isBlank).ifPresent(m -> problems.add("quarkus.camel.llm.model-path is blank"));
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid camel-llm configuration: " + String.join("; ", problems));
        }
    }
}
