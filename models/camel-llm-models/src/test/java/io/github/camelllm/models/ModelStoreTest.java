package io.github.camelllm.models;

import static io.github.camelllm.models.TestSupport.STORIES;
import static io.github.camelllm.models.TestSupport.STORIES_SIZE;
import static io.github.camelllm.models.TestSupport.TINY;
import static io.github.camelllm.models.TestSupport.TINY_SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {

    @TempDir
    Path tmp;

    Path models;
    ModelStore store;

    @BeforeEach
    void setUp() throws IOException {
        models = Files.createDirectories(tmp.resolve("models"));
        Files.write(models.resolve(STORIES), TestSupport.stories());
        Files.write(models.resolve(TINY), TestSupport.tiny());
        Files.writeString(models.resolve("broken.gguf"), "not a model");
        Files.writeString(models.resolve("README.txt"), "ignored");
        Files.write(models.resolve("half.gguf.part"), new byte[] {1, 2});
        store = new ModelStore(models, TestSupport.testCatalog());
    }

    @Test
    void listsEveryGgufIncludingUnreadableOnes() throws IOException {
        List<ModelStore.LocalModel> list = store.list();
        assertEquals(
                List.of("broken.gguf", TINY, STORIES),
                list.stream().map(ModelStore.LocalModel::fileName).toList());

        ModelStore.LocalModel broken = list.get(0);
        assertFalse(broken.readable());
        assertNotNull(broken.error());
        assertEquals(11, broken.size());

        ModelStore.LocalModel tiny = list.get(1);
        assertTrue(tiny.readable());
        assertEquals(TINY_SIZE, tiny.size());
        assertEquals("llama", tiny.architecture());
        assertEquals("F16", tiny.quantization());
        assertEquals(4096, tiny.contextLength().getAsLong());
        assertEquals("tiny-random", tiny.catalogName().orElseThrow());

        ModelStore.LocalModel stories = list.get(2);
        assertEquals(STORIES_SIZE, stories.size());
        assertEquals("F32", stories.quantization());
        assertEquals(2048, stories.contextLength().getAsLong());

        assertEquals(List.of(models.resolve("half.gguf.part")), store.partialDownloads());
        assertEquals(List.of(), new ModelStore(tmp.resolve("absent"), ModelCatalog.empty()).list());
    }

    @Test
    void infoByCatalogNameFileNameAndPath() throws IOException {
        ModelStore.ModelDetails d = store.info("stories260k");
        assertEquals(models.resolve(STORIES), d.path());
        assertEquals("llama", d.architecture());
        assertEquals(292_800, d.parameterCount());
        assertEquals(2048, d.contextLength().getAsLong());
        assertEquals(64, d.embeddingLength().getAsLong());
        assertEquals(5, d.blockCount().getAsLong());
        assertEquals(512, d.vocabSize());
        assertEquals("llama", d.tokenizerModel());
        assertFalse(d.hasChatTemplate());
        assertFalse(d.embeddingModel());
        assertFalse(d.vocabOnly());
        assertEquals(3, d.ggufVersion());
        assertEquals(48, d.tensorCount());
        assertEquals(STORIES_SIZE, d.size());
        assertEquals("stories260k", d.catalogEntry().orElseThrow().name());
        assertTrue(d.summary().contains("ctx 2048"), d.summary());

        assertEquals(513_048, store.info(TINY).parameterCount());
        assertEquals(513_048, store.info("llama-2-tiny-random").parameterCount());
        assertEquals(
                models.resolve(TINY),
                store.info(models.resolve(TINY).toString()).path());

        ModelNotFoundException e = assertThrows(ModelNotFoundException.class, () -> store.info("nothing"));
        assertTrue(e.getMessage().contains(models.toString()), e.getMessage());
        assertThrows(IOException.class, () -> store.info("broken"));
    }

    @Test
    void removeDeletesOnlyInsideTheModelsDirectory() throws IOException {
        Files.write(models.resolve(STORIES + ".part"), new byte[] {1});
        List<Path> deleted = store.remove("stories260k");
        assertEquals(List.of(models.resolve(STORIES), models.resolve(STORIES + ".part")), deleted);
        assertFalse(Files.exists(models.resolve(STORIES)));

        assertEquals(List.of(models.resolve(TINY)), store.remove(TINY));
        assertEquals(List.of(models.resolve("half.gguf.part")), store.remove("half"));

        Path outside = Files.write(tmp.resolve("outside.gguf"), new byte[] {1});
        assertThrows(IllegalArgumentException.class, () -> store.remove("../outside.gguf"));
        assertThrows(IllegalArgumentException.class, () -> store.remove(outside.toString()));
        assertThrows(IllegalArgumentException.class, () -> store.remove("..\\outside.gguf"));
        assertTrue(Files.exists(outside));
        assertThrows(ModelNotFoundException.class, () -> store.remove("nothing"));
    }
}
