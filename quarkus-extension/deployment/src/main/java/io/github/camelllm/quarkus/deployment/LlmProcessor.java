package io.github.camelllm.quarkus.deployment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.camel.quarkus.core.deployment.spi.CamelContextBuildItem;
import org.apache.camel.quarkus.core.deployment.spi.CamelRuntimeBeanBuildItem;
import org.apache.camel.quarkus.core.deployment.spi.CamelServiceBuildItem;
import org.apache.camel.quarkus.core.deployment.spi.CamelServiceFilter;
import org.apache.camel.quarkus.core.deployment.spi.CamelServiceFilterBuildItem;

import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.bootstrap.classloading.QuarkusClassLoader;
import io.quarkus.deployment.ApplicationArchive;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.Consume;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.AdditionalApplicationArchiveMarkerBuildItem;
import io.quarkus.deployment.builditem.ApplicationArchivesBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.nativeimage.JniRuntimeAccessBuildItem;
import io.quarkus.deployment.builditem.nativeimage.NativeImageResourceBuildItem;
import io.quarkus.deployment.builditem.nativeimage.NativeImageResourcePatternsBuildItem;
import io.quarkus.deployment.builditem.nativeimage.RuntimeInitializedClassBuildItem;
import io.quarkus.deployment.pkg.steps.NativeOrNativeSourcesBuild;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.smallrye.health.deployment.spi.HealthBuildItem;

import io.github.camelllm.component.LlmComponent;
import io.github.camelllm.quarkus.LlmBuildTimeConfig;
import io.github.camelllm.quarkus.LlmModelStatus;
import io.github.camelllm.quarkus.LlmReadinessCheck;
import io.github.camelllm.quarkus.LlmRecorder;
import io.github.camelllm.quarkus.LlmStartup;

class LlmProcessor {

    static final String FEATURE = "camel-llm";

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    /**
     * Makes camel-llm and camel-llm-llamacpp (and any jar that ships a backend) application archives: Camel Quarkus
     * only reads Camel service descriptors (the component, its configurer, the backends) from those.
     */
    @BuildStep
    AdditionalApplicationArchiveMarkerBuildItem backendArchives() {
        return new AdditionalApplicationArchiveMarkerBuildItem(NativeSupport.BACKEND_DESCRIPTORS_DIR);
    }

    /**
     * Backends are found with a Camel FactoryFinder at {@code META-INF/services/io/github/camelllm/backend/<name>};
     * Camel Quarkus' fast finder only knows the descriptors it was given at build time, and only collects those under
     * {@code META-INF/services/org/apache/camel}. The classes are also registered for reflection by Camel Quarkus.
     */
    @BuildStep
    void backendFactories(ApplicationArchivesBuildItem archives, BuildProducer<CamelServiceBuildItem> services)
            throws IOException {
        for (ApplicationArchive archive : archives.getAllApplicationArchives()) {
            for (Path root : archive.getRootDirectories()) {
                for (Map.Entry<String, String> e :
                        NativeSupport.backendDescriptors(root).entrySet()) {
                    services.produce(new CamelServiceBuildItem(Path.of(e.getKey()), e.getValue()));
                }
            }
        }
    }

    /** The component bound below replaces the one Camel Quarkus would bind from the classpath descriptor. */
    @BuildStep
    CamelServiceFilterBuildItem doNotBindClasspathComponent() {
        return new CamelServiceFilterBuildItem(CamelServiceFilter.forComponent("llm"));
    }

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    @Consume(CamelContextBuildItem.class)
    CamelRuntimeBeanBuildItem llmComponent(LlmRecorder recorder) {
        RuntimeValue<LlmComponent> component = recorder.createComponent();
        return new CamelRuntimeBeanBuildItem("llm", LlmComponent.class.getName(), component);
    }

    @BuildStep
    AdditionalBeanBuildItem beans() {
        return AdditionalBeanBuildItem.builder()
                .addBeanClasses(LlmModelStatus.class, LlmStartup.class)
                .setUnremovable()
                .build();
    }

    @BuildStep
    void health(Capabilities capabilities, LlmBuildTimeConfig config, BuildProducer<HealthBuildItem> health) {
        if (capabilities.isPresent(Capability.SMALLRYE_HEALTH)) {
            health.produce(new HealthBuildItem(
                    LlmReadinessCheck.class.getName(), config.health().enabled()));
        }
    }

    /**
     * GenAI metrics: an LlmObserver bean (found by Camel in its registry) when the application has quarkus-micrometer
     * or at least micrometer-core.
     */
    @BuildStep
    void metrics(Capabilities capabilities, LlmBuildTimeConfig config, BuildProducer<AdditionalBeanBuildItem> beans) {
        if (config.metrics().enabled()
                && (capabilities.isPresent("io.quarkus.micrometer")
                        || QuarkusClassLoader.isClassPresentAtRuntime("io.micrometer.core.instrument.MeterRegistry"))) {
            // by name: the deployment classpath need not have Micrometer
            beans.produce(AdditionalBeanBuildItem.builder()
                    .addBeanClasses("io.github.camelllm.quarkus.LlmMicrometerObserver")
                    .setUnremovable()
                    .build());
        }
    }

    /**
     * GenAI spans: an LlmObserver bean when the application has quarkus-opentelemetry (its OpenTelemetry bean exports
     * the spans).
     */
    @BuildStep
    void tracing(Capabilities capabilities, LlmBuildTimeConfig config, BuildProducer<AdditionalBeanBuildItem> beans) {
        if (config.tracing().enabled() && capabilities.isPresent(Capability.OPENTELEMETRY_TRACER)) {
            beans.produce(AdditionalBeanBuildItem.builder()
                    .addBeanClasses("io.github.camelllm.quarkus.LlmTracingObserver")
                    .setUnremovable()
                    .build());
        }
    }

    // --- native image ---

    @BuildStep(onlyIf = NativeOrNativeSourcesBuild.class)
    void nativeResources(
            BuildProducer<NativeImageResourceBuildItem> resources,
            BuildProducer<NativeImageResourcePatternsBuildItem> patterns) {
        resources.produce(new NativeImageResourceBuildItem(
                NativeSupport.resources(System.getProperty("os.name"), System.getProperty("os.arch"))));
        patterns.produce(NativeImageResourcePatternsBuildItem.builder()
                .includeGlobs(NativeSupport.RESOURCE_GLOBS)
                .build());
    }

    @BuildStep(onlyIf = NativeOrNativeSourcesBuild.class)
    JniRuntimeAccessBuildItem jni() {
        return new JniRuntimeAccessBuildItem(true, true, true, NativeSupport.JNI_CLASSES);
    }

    @BuildStep(onlyIf = NativeOrNativeSourcesBuild.class)
    void runtimeInitialized(BuildProducer<RuntimeInitializedClassBuildItem> classes) {
        for (String c : NativeSupport.RUNTIME_INITIALIZED_CLASSES) {
            classes.produce(new RuntimeInitializedClassBuildItem(c));
        }
    }

    static List<String> jniClasses() {
        return List.of(NativeSupport.JNI_CLASSES);
    }
}
