package io.github.camelllm.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The pure parts of the native build steps: the resources exist on the classpath, and the JNI classes have the
 * members java-llama.cpp 4.2.0's JNI_OnLoad resolves (a missing one makes the library load fail).
 */
class NativeSupportTest {

    private static final ClassLoader CL = NativeSupportTest.class.getClassLoader();

    @Test
    void nativeLibraryPathPerPlatform() {
        assertEquals("de/kherud/llama/Linux/x86_64/libjllama.so", NativeSupport.nativeLibrary("Linux", "amd64"));
        assertEquals("de/kherud/llama/Linux/aarch64/libjllama.so", NativeSupport.nativeLibrary("Linux", "aarch64"));
        assertEquals("de/kherud/llama/Mac/aarch64/libjllama.dylib", NativeSupport.nativeLibrary("Mac OS X", "aarch64"));
        assertEquals("de/kherud/llama/Mac/x86_64/libjllama.dylib", NativeSupport.nativeLibrary("Mac OS X", "x86_64"));
        assertEquals("de/kherud/llama/Windows/x86_64/jllama.dll", NativeSupport.nativeLibrary("Windows 11", "amd64"));
    }

    @Test
    void everyListedResourceIsOnTheClasspath() {
        for (String r : NativeSupport.resources(System.getProperty("os.name"), System.getProperty("os.arch"))) {
            assertNotNull(CL.getResource(r), r);
        }
        for (String t : new String[] {"chatml", "llama3", "phi3"}) {
            assertNotNull(CL.getResource(NativeSupport.RESOURCE_GLOBS.replace("*", t)), t);
        }
    }

    @Test
    void jniClassesHaveWhatJniOnLoadLooksUp() throws Exception {
        for (String name : NativeSupport.JNI_CLASSES) {
            Class.forName(name, false, CL);
        }
        Class<?> model = Class.forName("de.kherud.llama.LlamaModel", false, CL);
        assertEquals(long.class, field(model, "ctx").getType());
        Class<?> iterator = Class.forName("de.kherud.llama.LlamaIterator", false, CL);
        assertEquals(int.class, field(iterator, "taskId").getType());
        assertEquals(boolean.class, field(iterator, "hasNext").getType());
        Class<?> output = Class.forName("de.kherud.llama.LlamaOutput", false, CL);
        assertNotNull(output.getDeclaredConstructor(byte[].class, Map.class, boolean.class));
        Class<?> level = Class.forName("de.kherud.llama.LogLevel", false, CL);
        for (String f : new String[] {"DEBUG", "INFO", "WARN", "ERROR"}) {
            assertTrue(Modifier.isStatic(field(level, f).getModifiers()), f);
        }
        Class<?> format = Class.forName("de.kherud.llama.args.LogFormat", false, CL);
        for (String f : new String[] {"JSON", "TEXT"}) {
            assertTrue(Modifier.isStatic(field(format, f).getModifiers()), f);
        }
    }

    @Test
    void runtimeInitializedClassesExist() throws Exception {
        for (String name : NativeSupport.RUNTIME_INITIALIZED_CLASSES) {
            Class.forName(name, false, CL);
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        return type.getDeclaredField(name);
    }
}
