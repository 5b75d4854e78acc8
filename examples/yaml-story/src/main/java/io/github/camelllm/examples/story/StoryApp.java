package io.github.camelllm.examples.story;

import org.apache.camel.main.Main;

/**
 * Runs the YAML routes of src/main/resources/routes with Camel Main, then exits.
 * <p>
 * The explicit {@code System.exit}: once llama.cpp has run, a native thread that is not a daemon keeps the JVM
 * alive after main returns (a known trait of java-llama.cpp 4.2.0).
 */
public final class StoryApp {

    private StoryApp() {}

    public static void main(String[] args) throws Exception {
        Main main = new Main(StoryApp.class);
        int status = main.run(args);
        System.exit(status);
    }
}
