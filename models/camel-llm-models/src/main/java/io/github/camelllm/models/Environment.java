package io.github.camelllm.models;

import java.util.Map;
import java.util.Objects;

/**
 * Where configuration comes from: environment variables and system properties. The model classes read them only
 * through this interface, so tests (and embedders) control them.
 */
public interface Environment {

    /** Models directory system property. */
    String MODELS_DIR_PROPERTY = "camel.llm.models.dir";
    /** Models directory environment variable. */
    String MODELS_DIR_ENV = "CAMEL_LLM_MODELS_DIR";
    /** Explicit model file or directory environment variable. */
    String MODEL_PATH_ENV = "CAMEL_LLM_MODEL_PATH";
    /** Download mirror system property (replaces {@code https://huggingface.co/}). */
    String MIRROR_PROPERTY = "camel.llm.models.mirror";

    /** System property naming a catalog file to use instead of the bundled one. */
    String CATALOG_PROPERTY = "camel.llm.models.catalog";

    /** Environment variable naming a catalog file to use instead of the bundled one. */
    String CATALOG_ENV = "CAMEL_LLM_MODELS_CATALOG";
    /** Download mirror environment variable. */
    String MIRROR_ENV = "CAMEL_LLM_MODELS_MIRROR";
    /** Set by the AppImage runtime to the mounted image's root. */
    String APPDIR_ENV = "APPDIR";

    /**
     * @param name an environment variable name
     * @return its value, or null if unset
     */
    String getenv(String name);

    /**
     * @param name a system property name
     * @return its value, or null if unset
     */
    String getProperty(String name);

    /**
     * @param name an environment variable name
     * @return its value, or null if unset or blank
     */
    default String env(String name) {
        String v = getenv(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /**
     * @param name a system property name
     * @return its value, or null if unset or blank
     */
    default String property(String name) {
        String v = getProperty(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** @return the real process environment and JVM system properties */
    static Environment system() {
        return new Environment() {
            @Override
            public String getenv(String name) {
                return System.getenv(name);
            }

            @Override
            public String getProperty(String name) {
                return System.getProperty(name);
            }

            @Override
            public String toString() {
                return "Environment.system()";
            }
        };
    }

    /**
     * @param env        environment variables
     * @param properties system properties; {@code user.home} falls back to the real one if absent
     * @return a fixed environment, for tests
     */
    static Environment of(Map<String, String> env, Map<String, String> properties) {
        Map<String, String> e = Map.copyOf(Objects.requireNonNull(env, "env"));
        Map<String, String> p = Map.copyOf(Objects.requireNonNull(properties, "properties"));
        return new Environment() {
            @Override
            public String getenv(String name) {
                return e.get(name);
            }

            @Override
            public String getProperty(String name) {
                String v = p.get(name);
                return v == null && name.equals("user.home") ? System.getProperty(name) : v;
            }

            @Override
            public String toString() {
                return "Environment.of(" + e + ", " + p + ")";
            }
        };
    }
}
