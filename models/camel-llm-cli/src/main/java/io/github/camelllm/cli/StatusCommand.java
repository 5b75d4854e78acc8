package io.github.camelllm.cli;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;

import io.github.camelllm.models.ModelStore;
import io.github.camelllm.remote.ollama.OllamaModels;

/** {@code model status}: which backends are usable here. */
@Command(
        name = "status",
        description = {
            "Show which backends are usable: the local llama.cpp runtime (does its "
                    + "native library load?), the Ollama server (GET /api/version) and OpenAI (is OPENAI_API_KEY set?).",
            "Exits 0 whatever the answers are; read them from the output."
        })
final class StatusCommand extends BaseCommand {

    static final String LLAMA_CLASS = "de.kherud.llama.LlamaModel";
    static final String TMPDIR_PROPERTY = "de.kherud.llama.tmpdir";
    static final String LIB_PATH_PROPERTY = "de.kherud.llama.lib.path";

    /** Result of the one attempt per JVM to load llama.cpp. */
    private static volatile String[] localResult;

    @Override
    int run() throws Exception {
        String[] local = localRuntime();
        boolean localOk = local[0] != null;

        OllamaModels client = ollama(0);
        String version = null;
        String ollamaError = null;
        try {
            version = client.version();
        } catch (RuntimeException e) {
            ollamaError = oneLine(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        boolean openAiKey = main().env().env(Main.OPENAI_API_KEY_ENV) != null;

        Path dir = main().modelsDir();
        int models = -1;
        String modelsError = null;
        try {
            models = new ModelStore(dir, main().catalog()).list().size();
        } catch (IOException e) {
            modelsError = e.getMessage();
        }

        if (json()) {
            ObjectNode o = okJson();
            ObjectNode l = o.putObject("local");
            l.put("available", localOk);
            l.put("detail", localOk ? local[0] : local[1]);
            l.put("platform", System.getProperty("os.name") + "/" + System.getProperty("os.arch"));
            ObjectNode ol = o.putObject("ollama");
            ol.put("url", client.baseUrl());
            ol.put("reachable", version != null);
            ol.put("version", version);
            ol.put("error", ollamaError);
            ObjectNode oa = o.putObject("openai");
            oa.put("apiKeySet", openAiKey);
            ObjectNode md = o.putObject("modelsDir");
            md.put("path", dir.toString());
            md.put("exists", Files.isDirectory(dir));
            md.put("models", Math.max(models, 0));
            md.put("error", modelsError);
            printJson(o);
            return Main.OK;
        }
        List<String[]> p = new ArrayList<>();
        p.add(new String[] {"local (llama.cpp)", (localOk ? "available: " + local[0] : "NOT available: " + local[1])});
        p.add(new String[] {
            "ollama",
            version != null
                    ? "reachable at " + client.baseUrl() + " (version " + version + ")"
                    : "NOT reachable at " + client.baseUrl() + ": " + ollamaError
        });
        p.add(new String[] {
            "openai", openAiKey ? Main.OPENAI_API_KEY_ENV + " is set" : Main.OPENAI_API_KEY_ENV + " is not set"
        });
        p.add(new String[] {
            "models directory",
            dir
                    + (Files.isDirectory(dir)
                            ? " (" + Math.max(models, 0) + " model" + (models == 1 ? "" : "s") + ")"
                            : " (does not exist yet)")
        });
        pairs(p);
        return Main.OK;
    }

    /**
     * Loads the llama.cpp native library once per JVM, extracting it into a private temporary directory unless
     * {@code de.kherud.llama.tmpdir} or {@code de.kherud.llama.lib.path} is set.
     *
     * @return {detail, null} when it loads, {null, error} otherwise
     */
    static synchronized String[] localRuntime() {
        if (localResult != null) {
            return localResult;
        }
        String platform = System.getProperty("os.name") + "/" + System.getProperty("os.arch");
        long start = System.nanoTime();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            if (System.getProperty(TMPDIR_PROPERTY) == null && System.getProperty(LIB_PATH_PROPERTY) == null) {
                Path dir = Files.createTempDirectory("camel-llm-cli-jllama-");
                System.setProperty(TMPDIR_PROPERTY, dir.toString());
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(() -> deleteQuietly(dir), "camel-llm-cli-jllama-cleanup"));
            } else if (System.getProperty(TMPDIR_PROPERTY) != null) {
                Files.createDirectories(Path.of(System.getProperty(TMPDIR_PROPERTY)));
            }
            loadQuietly(captured);
            long ms = (System.nanoTime() - start) / 1_000_000;
            localResult = new String[] {"llama.cpp native library loaded for " + platform + " in " + ms + " ms", null};
        } catch (IOException | ClassNotFoundException | LinkageError | RuntimeException e) {
            Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
            localResult = new String[] {
                null,
                "the llama.cpp native library does not load for " + platform + ": "
                        + oneLine(String.valueOf(cause)) + capturedNote(captured) + " (set -D" + LIB_PATH_PROPERTY
                        + "=<dir with libjllama> to use a "
                        + "library built for this machine)"
            };
        }
        return localResult;
    }

    /**
     * java-llama.cpp prints "Extracted 'libjllama.so' to ..." on System.out, which would break {@code --json}: its
     * output is captured while the class initialises.
     */
    private static void loadQuietly(ByteArrayOutputStream captured) throws ClassNotFoundException {
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream sink = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(sink);
        System.setErr(sink);
        try {
            Class.forName(LLAMA_CLASS, true, StatusCommand.class.getClassLoader());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static String capturedNote(ByteArrayOutputStream captured) {
        String text = captured.toString(StandardCharsets.UTF_8).trim();
        return text.isEmpty() ? "" : " [loader: " + oneLine(text) + "]";
    }

    private static void deleteQuietly(Path dir) {
        File[] files = dir.toFile().listFiles();
        if (files != null) {
            for (File f : files) {
                f.delete();
            }
        }
        dir.toFile().delete();
    }
}
