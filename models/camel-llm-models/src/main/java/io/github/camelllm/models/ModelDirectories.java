package io.github.camelllm.models;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Objects;

/** Where models live on disk. */
public final class ModelDirectories {

    private ModelDirectories() {}

    /**
     * The models directory: the {@code camel.llm.models.dir} system property, else the {@code CAMEL_LLM_MODELS_DIR}
     * environment variable, else {@code $XDG_CACHE_HOME/camel-llm/models}, else {@code ~/.cache/camel-llm/models}.
     * The directory need not exist.
     *
     * @param env where to read the settings
     * @return the absolute, normalized directory
     */
    public static Path modelsDir(Environment env) {
        Objects.requireNonNull(env, "env");
        String dir = env.property(Environment.MODELS_DIR_PROPERTY);
        if (dir == null) {
            dir = env.env(Environment.MODELS_DIR_ENV);
        }
        if (dir != null) {
            return expandHome(dir, env).toAbsolutePath().normalize();
        }
        String xdg = env.env("XDG_CACHE_HOME");
        Path base = xdg != null ? Paths.get(xdg) : Paths.get(home(env), ".cache");
        return base.resolve("camel-llm").resolve("models").toAbsolutePath().normalize();
    }

    /** @return {@link #modelsDir(Environment)} for the real environment */
    public static Path modelsDir() {
        return modelsDir(Environment.system());
    }

    /**
     * @param env where to read {@code APPDIR}
     * @return {@code $APPDIR/usr/share/models} when running inside an AppImage, else null
     */
    public static Path appImageModelsDir(Environment env) {
        String appDir = env.env(Environment.APPDIR_ENV);
        return appDir == null
                ? null
                : Paths.get(appDir, "usr", "share", "models").toAbsolutePath().normalize();
    }

    static Path expandHome(String path, Environment env) {
        if (path.equals("~")) {
            return Paths.get(home(env));
        }
        if (path.startsWith("~/") || path.startsWith("~\\")) {
            return Paths.get(home(env), path.substring(2));
        }
        return Paths.get(path);
    }

    private static String home(Environment env) {
        String home = env.property("user.home");
        return home != null ? home : System.getProperty("user.home", ".");
    }
}
