package io.github.camelllm.quarkus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;
import io.quarkus.runtime.configuration.ConfigurationException;

import io.github.camelllm.component.BackendSpecs;
import io.github.camelllm.component.LlmComponent;
import io.github.camelllm.component.LlmConfiguration;
import io.github.camelllm.spi.LlmInvalidRequestException;

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

    /** The Quarkus properties of the component options whose ranges {@link BackendSpecs#load} checks. */
    private static final Map<String, String> PROPERTIES = Map.of(
            "parallel",
            "quarkus.camel.llm.parallel",
            "threads",
            "quarkus.camel.llm.threads",
            "gpuLayers",
            "quarkus.camel.llm.gpu-layers");

    /**
     * Checks the configuration with the component's own range checks (one rule set for routes and Quarkus), naming the
     * Quarkus property that is wrong.
     */
    static void validate(LlmRuntimeConfig c) {
        List<String> problems = new ArrayList<>();
        LlmConfiguration probe = new LlmConfiguration();
        apply(c, probe);
        try {
            BackendSpecs.load(probe);
        } catch (LlmInvalidRequestException e) {
            String message = e.getMessage();
            for (Map.Entry<String, String> p : PROPERTIES.entrySet()) {
                message = message.replace("option " + p.getKey() + "=", p.getValue() + "=");
            }
            problems.add(message);
        }
        c.model().filter(String::isBlank).ifPresent(m -> problems.add("quarkus.camel.llm.model is blank"));
        c.modelPath().filter(String::isBlank).ifPresent(m -> problems.add("quarkus.camel.llm.model-path is blank"));
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid camel-llm configuration: " + String.join("; ", problems));
        }
    }
}
