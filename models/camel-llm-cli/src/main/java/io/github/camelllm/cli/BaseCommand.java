package io.github.camelllm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import io.github.camelllm.component.LlmConfiguration;
import io.github.camelllm.models.ModelDownloadException;
import io.github.camelllm.models.ModelNotFoundException;
import io.github.camelllm.remote.ollama.OllamaModels;
import io.github.camelllm.spi.LlmException;
import io.github.camelllm.spi.LlmHttpException;

/**
 * Shared behaviour of the {@code model} subcommands: output to the command line's writers, JSON, and turning every
 * failure into a one-line {@code error: ...} on stderr (and {@code {"ok":false,"error":{...}}} on stdout with
 * {@code --json}) with exit code 1. {@link #call()} never calls {@link System#exit}.
 */
abstract class BaseCommand implements Callable<Integer> {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Suffix selecting the Ollama backend: {@code llama3.2:1b@ollama}. */
    static final String OLLAMA_SUFFIX = "@ollama";

    @Spec
    CommandSpec spec;

    /** Runs the command. */
    abstract int run() throws Exception;

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (CliException e) {
            return fail(e.reason(), e.getMessage(), e.exitCode());
        } catch (ModelDownloadException e) {
            return fail(e.reason().name(), "pull failed (" + e.reason() + "): " + e.getMessage(), Main.FAILURE);
        } catch (ModelNotFoundException e) {
            return fail("NOT_FOUND", e.getMessage(), Main.FAILURE);
        } catch (LlmHttpException e) {
            String reason = e.getStatusCode() == 404
                    ? "NOT_FOUND"
                    : e.getStatusCode() == 0 ? "CONNECTION_FAILED" : "HTTP_ERROR";
            return fail(reason, "ollama: " + e.getMessage(), Main.FAILURE);
        } catch (LlmException e) {
            return fail("OLLAMA_ERROR", "ollama: " + e.getMessage(), Main.FAILURE);
        } catch (UncheckedIOException e) {
            return fail("IO_ERROR", e.getMessage(), Main.FAILURE);
        } catch (IOException e) {
            return fail("IO_ERROR", e.getMessage() == null ? e.toString() : e.getMessage(), Main.FAILURE);
        } catch (IllegalArgumentException e) {
            return fail("INVALID_ARGUMENT", e.getMessage(), Main.FAILURE);
        } catch (Exception e) {
            return fail("UNEXPECTED", e.toString(), Main.FAILURE);
        }
    }

    private int fail(String reason, String message, int code) {
        String line = oneLine(message == null ? reason : message);
        err().println("error: " + line);
        err().flush();
        if (main().json()) {
            ObjectNode o = MAPPER.createObjectNode().put("ok", false);
            o.putObject("error").put("reason", reason).put("message", line);
            printJson(o);
        }
        return code;
    }

    static String oneLine(String s) {
        return s.replaceAll("\\s*\\R\\s*-?\\s*", "; ").trim();
    }

    Main main() {
        return (Main) spec.root().userObject();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    boolean json() {
        return main().json();
    }

    ObjectNode okJson() {
        return MAPPER.createObjectNode().put("ok", true);
    }

    void printJson(Object node) {
        try {
            out().println(MAPPER.writeValueAsString(node));
            out().flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the name without {@code @ollama} if it has that suffix, else null */
    static String ollamaName(String name) {
        if (name != null && name.toLowerCase(Locale.ROOT).endsWith(OLLAMA_SUFFIX)) {
            String n = name.substring(0, name.length() - OLLAMA_SUFFIX.length()).trim();
            if (n.isEmpty()) {
                throw new CliException(
                        "missing model name before @ollama (e.g. llama3.2:1b@ollama)", "USAGE", Main.USAGE);
            }
            return n;
        }
        return null;
    }

    /**
     * @param maxRetries retries of failed requests
     * @return a client for the Ollama server
     */
    OllamaModels ollama(int maxRetries) {
        LlmConfiguration c = new LlmConfiguration();
        c.setBaseUrl(main().ollamaUrl());
        c.setConnectTimeout(5_000);
        c.setMaxRetries(maxRetries);
        try {
            return OllamaModels.of(c);
        } catch (LlmException e) {
            throw new CliException("--ollama-url / OLLAMA_HOST: " + e.getMessage(), "USAGE");
        }
    }

    // ----------------------------------------------------------------------------------------------- formatting

    static String human(long bytes) {
        return io.github.camelllm.models.Bytes.human(bytes);
    }

    static String count(long n) {
        if (n < 1_000) {
            return Long.toString(n);
        }
        String[] units = {"K", "M", "B", "T"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f%s", v, units[u]);
    }

    static String orDash(Object o) {
        return o == null || o.toString().isBlank() ? "-" : o.toString();
    }

    /** Prints rows as left-aligned columns separated by two spaces; the first row is the header. */
    void table(List<String[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int cols = rows.get(0).length;
        int[] w = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                w[i] = Math.max(w[i], r[i] == null ? 1 : r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                String cell = r[i] == null ? "-" : r[i];
                sb.append(cell);
                if (i < cols - 1) {
                    sb.append(" ".repeat(w[i] - cell.length() + 2));
                }
            }
            out().println(sb.toString().stripTrailing());
        }
        out().flush();
    }

    /** Prints label/value pairs aligned. */
    void pairs(List<String[]> pairs) {
        int w = 0;
        for (String[] p : pairs) {
            w = Math.max(w, p[0].length());
        }
        for (String[] p : pairs) {
            out().println(p[0] + " ".repeat(w - p[0].length() + 2) + orDash(p[1]));
        }
        out().flush();
    }

    static List<String[]> rows(String... header) {
        List<String[]> rows = new ArrayList<>();
        rows.add(header);
        return rows;
    }
}
