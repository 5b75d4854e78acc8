package io.github.camelllm.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Fixtures shared by the tests. */
final class TestSupport {

    static final String STORIES = "stories260K.gguf";
    static final String STORIES_SHA = "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d";
    static final int STORIES_SIZE = 1_185_376;
    static final String TINY = "llama-2-tiny-random.gguf";
    static final String TINY_SHA = "81f226c62d28ed4a1a9b9fa080fcd9f0cc40e0f9d5680036583ff98fbcd035cb";
    static final int TINY_SIZE = 1_750_560;

    private TestSupport() {}

    static byte[] resource(String name) {
        try (InputStream in = TestSupport.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] stories() {
        return resource("models/" + STORIES);
    }

    static byte[] tiny() {
        return resource("models/" + TINY);
    }

    static ModelCatalog testCatalog() {
        try (InputStream in = TestSupport.class.getClassLoader().getResourceAsStream("test-catalog.json")) {
            return ModelCatalog.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
