package io.github.camelllm.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.builder.BuildContext;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.nativeimage.JniRuntimeAccessBuildItem;
import io.quarkus.deployment.builditem.nativeimage.NativeImageResourceBuildItem;
import io.quarkus.deployment.builditem.nativeimage.NativeImageResourcePatternsBuildItem;
import io.quarkus.deployment.builditem.nativeimage.RuntimeInitializedClassBuildItem;
import io.quarkus.test.QuarkusUnitTest;

/**
 * With {@code quarkus.native.enabled=true} the native-only build steps run (no native-image is started: the unit test
 * only augments and boots in JVM mode); a build step added to the chain captures the items they produce. The build
 * runs in this JVM but the test class is loaded by another class loader, hence the system properties.
 */
class LlmNativeBuildStepsTest {

    private static final String PREFIX = "camel-llm.test.native.";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.native.enabled", "true")
            .overrideConfigKey("quarkus.camel.llm.load-at-startup", "false")
            .addBuildChainCustomizer(chain -> chain.addBuildStep(LlmNativeBuildStepsTest::capture)
                    .consumes(JniRuntimeAccessBuildItem.class)
                    .consumes(NativeImageResourceBuildItem.class)
                    .consumes(NativeImageResourcePatternsBuildItem.class)
                    .consumes(RuntimeInitializedClassBuildItem.class)
                    .produces(FeatureBuildItem.class)
                    .build());

    static void capture(BuildContext context) {
        List<String> jni = new ArrayList<>();
        for (JniRuntimeAccessBuildItem item : context.consumeMulti(JniRuntimeAccessBuildItem.class)) {
            if (item.isConstructors() && item.isMethods() && item.isFields()) {
                jni.addAll(item.getClassNames());
            }
        }
        List<String> resources = new ArrayList<>();
        context.consumeMulti(NativeImageResourceBuildItem.class).forEach(r -> resources.addAll(r.getResources()));
        List<String> globs = new ArrayList<>();
        context.consumeMulti(NativeImageResourcePatternsBuildItem.class)
                .forEach(p -> globs.addAll(p.getIncludePatterns()));
        List<String> runtimeInit = new ArrayList<>();
        context.consumeMulti(RuntimeInitializedClassBuildItem.class).forEach(c -> runtimeInit.add(c.getClassName()));
        System.setProperty(PREFIX + "jni", String.join(",", jni));
        System.setProperty(PREFIX + "resources", String.join(",", resources));
        System.setProperty(PREFIX + "globs", String.join(",", globs));
        System.setProperty(PREFIX + "runtime-init", String.join(",", runtimeInit));
        context.produce(new FeatureBuildItem("camel-llm-native-capture"));
    }

    private static List<String> captured(String what) {
        return Arrays.asList(System.getProperty(PREFIX + what, "").split(","));
    }

    @Test
    void jniAccessForEveryClassJniOnLoadFinds() {
        // the FindClass calls of java-llama.cpp 4.2.0's JNI_OnLoad (src/main/cpp/jllama.cpp), written out here on
        // purpose
        List<String> expected = List.of(
                "de.kherud.llama.LlamaModel",
                "de.kherud.llama.LlamaIterator",
                "java.nio.charset.StandardCharsets",
                "de.kherud.llama.LlamaOutput",
                "java.lang.String",
                "java.util.HashMap",
                "java.util.Map",
                "java.util.Set",
                "java.util.Map$Entry",
                "java.util.Iterator",
                "java.lang.Integer",
                "java.lang.Float",
                "java.util.function.BiConsumer",
                "de.kherud.llama.LlamaException",
                "de.kherud.llama.LogLevel",
                "de.kherud.llama.args.LogFormat",
                "java.lang.OutOfMemoryError");
        assertEquals(new TreeSet<>(expected), new TreeSet<>(captured("jni")));
    }

    @Test
    void onlyThisPlatformsNativeLibrary() {
        List<String> libraries = captured("resources").stream()
                .filter(r -> r.startsWith("de/kherud/llama/"))
                .toList();
        assertEquals(1, libraries.size(), libraries.toString());
        assertTrue(getClass().getClassLoader().getResource(libraries.get(0)) != null, libraries.get(0));
        if (System.getProperty("os.name").contains("Linux")
                && System.getProperty("os.arch").equals("amd64")) {
            assertEquals("de/kherud/llama/Linux/x86_64/libjllama.so", libraries.get(0));
        }
        assertTrue(captured("resources").contains("io/github/camelllm/models/catalog.json"));
        assertTrue(captured("resources").contains("io/github/camelllm/models/bundled/stories260K.gguf"));
        // the include patterns are regular expressions made from the globs
        for (String template : new String[] {"chatml", "llama3", "mistral"}) {
            String path = "io/github/camelllm/chat/templates/" + template + ".jinja";
            assertTrue(captured("globs").stream().anyMatch(path::matches), path + " not in " + captured("globs"));
        }
        assertTrue(captured("globs").stream().noneMatch("io/github/camelllm/models/catalog.json"::matches));
    }

    @Test
    void nativeLoaderIsRuntimeInitialized() {
        assertTrue(
                captured("runtime-init")
                        .containsAll(List.of("de.kherud.llama.LlamaLoader", "de.kherud.llama.LlamaModel")),
                captured("runtime-init").toString());
    }
}
