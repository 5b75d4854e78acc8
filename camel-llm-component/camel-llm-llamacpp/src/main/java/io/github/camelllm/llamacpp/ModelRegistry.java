package io.github.camelllm.llamacpp;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Loaded models of this JVM, shared by every endpoint with the same {@link ModelKey} and closed when the last
 * backend using one is closed (its producer stopped with the route or CamelContext).
 */
final class ModelRegistry {

    private static final Map<ModelKey, Entry> MODELS = new HashMap<>();

    private static final class Entry {
        final SharedModel model;
        int users;

        Entry(SharedModel model) {
            this.model = model;
        }
    }

    private ModelRegistry() {
    }

    static SharedModel acquire(ModelKey key, Supplier<SharedModel> loader) {
        synchronized (MODELS) {
            Entry e = MODELS.get(key);
            if (e == null) {
                e = new Entry(loader.get());
                MODELS.put(key, e);
            }
            e.users++;
            return e.model;
        }
    }

    static void release(SharedModel model) {
        SharedModel toClose = null;
        synchronized (MODELS) {
            Entry e = MODELS.get(model.key);
            if (e == null || e.model != model) {
                return;
            }
            if (--e.users == 0) {
                MODELS.remove(model.key);
                toClose = model;
            }
        }
        if (toClose != null) {
            toClose.close();
        }
    }

    /** Number of models currently loaded (for tests and diagnostics). */
    static int loadedCount() {
        synchronized (MODELS) {
            return MODELS.size();
        }
    }
}
