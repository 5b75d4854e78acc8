package io.github.camelllm.models;

import static io.github.camelllm.models.ModelResolver.Source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelResolverTest {

    @TempDir
    Path tmp;

    Path explicitDir;
    Path envDir;
    Path appDir;
    Path appModels;
    Path modelsDir;
    Path bundled;
    Map<String, String> env;
    Map<String, String> props;
    ModelCatalog catalog = TestSupport.testCatalog();

    @BeforeEach
    void setUp() throws IOException {
        explicitDir = Files.createDirectories(tmp.resolve("explicit"));
        envDir = Files.createDirectories(tmp.resolve("env"));
        appDir = tmp.resolve("AppDir");
        appModels = Files.createDirectories(appDir.resolve("usr/share/models"));
        modelsDir = Files.createDirectories(tmp.resolve("cache/camel-llm/models"));
        bundled = Files.write(tmp.resolve("bundled-stories.gguf"), new byte[] {1});
        env = new HashMap<>();
        props = new HashMap<>();
        env.put(Environment.MODEL_PATH_ENV, envDir.toString());
        env.put(Environment.APPDIR_ENV, appDir.toString());
        env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
    }

    private ModelResolver resolver() {
        return new ModelResolver(Environment.of(env, props), catalog, () -> bundled);
    }

    private static Path touch(Path dir, String name) throws IOException {
        return Files.write(dir.resolve(name), new byte[] {0});
    }

    @Test
    void resolutionOrderVisitsEveryPlace() throws IOException {
        Path inExplicit = touch(explicitDir, "m.gguf");
        Path inEnv = touch(envDir, "m.gguf");
        Path inApp = touch(appModels, "m.gguf");
        Path inModels = touch(modelsDir, "m.gguf");

        ModelResolver.Resolution r = resolver().resolve("m", explicitDir.toString());
        assertEquals(inExplicit, r.path());
        assertEquals(Source.MODEL_PATH, r.source());

        Files.delete(inExplicit);
        r = resolver().resolve("m", explicitDir.toString());
        assertEquals(inEnv, r.path());
        assertEquals(Source.MODEL_PATH_ENV, r.source());
        assertTrue(
                r.tried().get(0).startsWith("modelPath " + explicitDir + ": no m.gguf"),
                r.tried().toString());

        Files.delete(inEnv);
        r = resolver().resolve("m.gguf", explicitDir.toString());
        assertEquals(inApp, r.path());
        assertEquals(Source.APPIMAGE, r.source());

        Files.delete(inApp);
        r = resolver().resolve("m", explicitDir.toString());
        assertEquals(inModels, r.path());
        assertEquals(Source.MODELS_DIR, r.source());
        assertEquals(4, r.tried().size(), r.tried().toString());
        assertTrue(r.tried().get(3).endsWith(": found"));

        Files.delete(inModels);
        ModelNotFoundException e =
                assertThrows(ModelNotFoundException.class, () -> resolver().resolve("m", explicitDir.toString()));
        assertEquals(5, e.searched().size(), e.searched().toString());
        String msg = e.getMessage();
        for (Path p : List.of(explicitDir, envDir, appModels, modelsDir)) {
            assertTrue(msg.contains(p.toString()), msg);
        }
        assertTrue(msg.contains("bundled demo model: not used"), msg);
        assertTrue(msg.contains("camel-llm model pull m"), msg);
        assertEquals("camel-llm model pull m", e.pullCommand());
    }

    @Test
    void catalogNameResolvesToItsFileNameAndSuggestsPull() throws IOException {
        ModelNotFoundException e =
                assertThrows(ModelNotFoundException.class, () -> resolver().resolve("tiny-random"));
        assertTrue(e.getMessage().contains("llama-2-tiny-random.gguf"), e.getMessage());
        assertTrue(e.getMessage().contains("camel-llm model pull tiny-random"), e.getMessage());

        Path f = touch(modelsDir, "llama-2-tiny-random.gguf");
        ModelResolver.Resolution r = resolver().resolve("tiny-random");
        assertEquals(f, r.path());
        assertEquals("tiny-random", r.entry().orElseThrow().name());
        // the file name works too, and finds the same catalog entry
        assertEquals(
                "tiny-random",
                resolver()
                        .resolve("llama-2-tiny-random.gguf")
                        .entry()
                        .orElseThrow()
                        .name());
    }

    @Test
    void noNameFallsBackToBundledDemoModel() {
        ModelResolver.Resolution r = resolver().resolve(null);
        assertEquals(bundled, r.path());
        assertEquals(Source.BUNDLED, r.source());
        assertTrue(
                r.tried().stream().anyMatch(t -> t.contains("skipped, no model name")),
                r.tried().toString());

        ModelResolver none = new ModelResolver(Environment.of(env, props), catalog, null);
        assertThrows(ModelNotFoundException.class, () -> none.resolve(" "));
    }

    @Test
    void bundledIsNeverUsedForANamedModel() {
        assertThrows(ModelNotFoundException.class, () -> resolver().resolve("stories260k"));
    }

    @Test
    void explicitModelPathFileWins() throws IOException {
        Path file = touch(explicitDir, "whatever.gguf");
        touch(modelsDir, "m.gguf");
        ModelResolver.Resolution r = resolver().resolve("m", file.toString());
        assertEquals(file, r.path());
        assertEquals(Source.MODEL_PATH, r.source());
        assertEquals(file, resolver().resolve(null, file.toString()).path());
    }

    @Test
    void envModelPathFileIsUsedWhenNoNameOrSameName() throws IOException {
        Path file = touch(envDir, "env-model.gguf");
        env.put(Environment.MODEL_PATH_ENV, file.toString());
        assertEquals(file, resolver().resolve(null).path());
        assertEquals(Source.MODEL_PATH_ENV, resolver().resolve(null).source());
        assertEquals(file, resolver().resolve("env-model").path());

        Path other = touch(modelsDir, "other.gguf");
        ModelResolver.Resolution r = resolver().resolve("other");
        assertEquals(other, r.path());
        assertTrue(
                r.tried().get(1).contains("a file, but not other.gguf"),
                r.tried().toString());
    }

    @Test
    void modelValueThatIsAPathIsUsedAsIs() throws IOException {
        Path f = touch(tmp, "direct.gguf");
        ModelResolver.Resolution r = resolver().resolve(f.toString());
        assertEquals(f, r.path());
        assertEquals(Source.MODEL_VALUE_PATH, r.source());

        ModelNotFoundException e = assertThrows(
                ModelNotFoundException.class,
                () -> resolver().resolve(tmp.resolve("nope.gguf").toString()));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
        assertEquals(null, e.pullCommand());
        assertThrows(ModelNotFoundException.class, () -> resolver().resolve("../escape.gguf"));
    }

    @Test
    void missingPlacesAreRecorded() {
        env.remove(Environment.MODEL_PATH_ENV);
        env.remove(Environment.APPDIR_ENV);
        ModelNotFoundException e =
                assertThrows(ModelNotFoundException.class, () -> resolver().resolve("x"));
        assertEquals(
                List.of(
                        "modelPath option: not set",
                        "CAMEL_LLM_MODEL_PATH: not set",
                        "AppImage models ($APPDIR/usr/share/models): APPDIR not set",
                        "models directory " + modelsDir + ": no x.gguf",
                        "bundled demo model: not used, because model 'x' was asked for"),
                e.searched());
    }

    @Test
    void modelsDirectorySettings() {
        Path home = tmp.resolve("home");
        assertEquals(tmp.resolve("cache/camel-llm/models"), ModelDirectories.modelsDir(Environment.of(env, props)));
        env.remove("XDG_CACHE_HOME");
        props.put("user.home", home.toString());
        assertEquals(home.resolve(".cache/camel-llm/models"), ModelDirectories.modelsDir(Environment.of(env, props)));
        env.put(Environment.MODELS_DIR_ENV, tmp.resolve("from-env").toString());
        assertEquals(tmp.resolve("from-env"), ModelDirectories.modelsDir(Environment.of(env, props)));
        props.put(Environment.MODELS_DIR_PROPERTY, "~/from-prop");
        assertEquals(home.resolve("from-prop"), ModelDirectories.modelsDir(Environment.of(env, props)));
        assertFalse(ModelDirectories.modelsDir(Environment.of(env, props))
                .toString()
                .contains("~"));
    }

    @Test
    void configuredModelsDirIsSearched() throws IOException {
        Path custom = Files.createDirectories(tmp.resolve("custom"));
        props.put(Environment.MODELS_DIR_PROPERTY, custom.toString());
        Path f = touch(custom, "c.gguf");
        assertEquals(f, resolver().resolve("c").path());
        assertEquals(custom, resolver().modelsDir());
    }
}
