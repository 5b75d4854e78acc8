package io.github.camelllm.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import io.github.camelllm.models.Environment;
import io.github.camelllm.models.ModelCatalog;
import io.github.camelllm.models.ModelDirectories;

/**
 * {@code camel-llm}: the command line of camel-llm. {@link #main} runs it and exits with its code;
 * {@code new CommandLine(new Main()).execute(args)} runs it in-process without exiting (tests do that).
 *
 * <p>Exit codes: {@value #OK} success, {@value #FAILURE} failure (one-line {@code error: ...} on stderr), {@value #USAGE}
 * the command line could not be parsed.
 */
@Command(
        name = "camel-llm",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = Main.Version.class,
        subcommands = ModelCommand.class,
        description = "camel-llm: local-first LLMs for Apache Camel.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure (the error is printed on stderr)", "2:usage error"})
public final class Main {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    /** OLLAMA_HOST, as Ollama's own CLI reads it. */
    public static final String OLLAMA_HOST_ENV = "OLLAMA_HOST";

    public static final String OPENAI_API_KEY_ENV = "OPENAI_API_KEY";
    public static final String DEFAULT_OLLAMA_URL = "http://localhost:11434";

    // the downloader logs through System.Logger (java.util.logging by default); its warnings are part of the
    // DownloadResult and printed by the commands, so the log is silenced (strong reference: JUL keeps weak ones)
    private static final Logger MODELS_LOG = Logger.getLogger("io.github.camelllm.models");

    static {
        MODELS_LOG.setLevel(Level.OFF);
    }

    /** How the CLI talks to the user: whether there is a terminal, and how to ask a question. */
    public interface Terminal {

        /** @return true if a user is at a terminal (progress bar, confirmation prompts) */
        boolean interactive();

        /**
         * @param prompt the question
         * @return the answer, or null at end of input
         */
        String readLine(String prompt);

        /** @return the real terminal: interactive when {@link System#console()} is not null */
        static Terminal system() {
            return new Terminal() {
                @Override
                public boolean interactive() {
                    return System.console() != null;
                }

                @Override
                public String readLine(String prompt) {
                    Console c = System.console();
                    return c == null ? null : c.readLine("%s", prompt);
                }
            };
        }
    }

    // ---------------------------------------------------------------------------------------------- global options

    @Option(
            names = "--models-dir",
            paramLabel = "DIR",
            scope = ScopeType.INHERIT,
            description = {
                "Models directory. Default: system property camel.llm.models.dir, else $CAMEL_LLM_MODELS_DIR,"
                        + " else $XDG_CACHE_HOME/camel-llm/models, else $HOME/.cache/camel-llm/models"
            })
    Path modelsDir;

    @Option(
            names = "--mirror",
            paramLabel = "URL",
            scope = ScopeType.INHERIT,
            description = "Download mirror that replaces https://huggingface.co/ in catalog URLs. Default: system "
                    + "property camel.llm.models.mirror, else $CAMEL_LLM_MODELS_MIRROR")
    String mirror;

    @Option(
            names = "--ollama-url",
            paramLabel = "URL",
            scope = ScopeType.INHERIT,
            description =
                    "Ollama server for NAME@ollama and status (default: $OLLAMA_HOST, " + DEFAULT_OLLAMA_URL + ").")
    String ollamaUrl;

    @Option(
            names = "--json",
            scope = ScopeType.INHERIT,
            description = "Machine-readable output: the result as JSON on stdout, progress as JSON lines on stderr.")
    boolean json;

    @Option(
            names = "--catalog",
            paramLabel = "FILE",
            scope = ScopeType.INHERIT,
            description = "Use this catalog JSON file instead of the bundled catalog.")
    Path catalogFile;

    /** Test hook: pretend the models directory has this many usable bytes. */
    @Option(names = "--test-usable-space", hidden = true, scope = ScopeType.INHERIT)
    Long testUsableSpace;

    /** Test hook: seconds without data before a download is abandoned (default 60). */
    @Option(names = "--test-read-timeout", hidden = true, scope = ScopeType.INHERIT)
    Integer testReadTimeoutSeconds;

    private final Environment env;
    private final Terminal terminal;

    /** The real environment and terminal. */
    public Main() {
        this(Environment.system(), Terminal.system());
    }

    /**
     * @param env      where environment variables and system properties are read (OLLAMA_HOST, OPENAI_API_KEY,
     *                 CAMEL_LLM_MODELS_DIR, ...)
     * @param terminal the terminal
     */
    public Main(Environment env, Terminal terminal) {
        this.env = Objects.requireNonNull(env, "env");
        this.terminal = Objects.requireNonNull(terminal, "terminal");
    }

    public static void main(String[] args) {
        int code = commandLine(new Main()).execute(args);
        // System.exit: once llama.cpp is loaded (model status), a non-daemon native thread keeps the JVM alive
        System.exit(code);
    }

    /**
     * @param main the application
     * @return a command line for it: '@' arguments are not expanded (model names are literal)
     */
    public static CommandLine commandLine(Main main) {
        CommandLine cl = new CommandLine(main);
        cl.setExpandAtFiles(false);
        return cl;
    }

    Environment env() {
        return env;
    }

    Terminal terminal() {
        return terminal;
    }

    boolean json() {
        return json;
    }

    /** @return the models directory: --models-dir, else the configured default */
    Path modelsDir() {
        return modelsDir != null ? modelsDir.toAbsolutePath().normalize() : ModelDirectories.modelsDir(env);
    }

    /** @return the catalog (bundled or --catalog), with the configured mirror and then --mirror applied */
    ModelCatalog catalog() throws IOException {
        ModelCatalog c;
        if (catalogFile != null) {
            try (InputStream in = Files.newInputStream(catalogFile)) {
                c = ModelCatalog.load(in).withConfiguredMirror(env);
            } catch (IllegalArgumentException e) {
                throw new CliException("invalid catalog " + catalogFile + ": " + e.getMessage(), "INVALID_CATALOG");
            }
        } else {
            c = ModelCatalog.load(env);
        }
        try {
            return c.withMirror(mirror);
        } catch (IllegalArgumentException e) {
            throw new CliException("--mirror: " + e.getMessage(), "USAGE");
        }
    }

    /** @return the Ollama base URL: --ollama-url, else OLLAMA_HOST (normalised like Ollama does), else the default */
    String ollamaUrl() {
        if (ollamaUrl != null && !ollamaUrl.isBlank()) {
            return ollamaUrl.trim();
        }
        String host = env.env(OLLAMA_HOST_ENV);
        return host == null ? DEFAULT_OLLAMA_URL : normaliseOllamaHost(host);
    }

    /**
     * @param host an OLLAMA_HOST value: {@code host}, {@code host:port}, {@code 0.0.0.0:port} or a URL
     * @return an http(s) base URL
     */
    static String normaliseOllamaHost(String host) {
        String h = host.trim();
        String scheme = "http://";
        int i = h.indexOf("://");
        if (i >= 0) {
            scheme = h.substring(0, i + 3);
            h = h.substring(i + 3);
        }
        while (h.endsWith("/")) {
            h = h.substring(0, h.length() - 1);
        }
        String hostPart = h;
        String port = null;
        int colon = h.lastIndexOf(':');
        if (colon >= 0 && !h.endsWith("]")) {
            hostPart = h.substring(0, colon);
            port = h.substring(colon + 1);
        }
        if (hostPart.isEmpty() || hostPart.equals("0.0.0.0")) {
            hostPart = "127.0.0.1";
        }
        if (port == null || port.isEmpty()) {
            port = scheme.equals("https://") ? "443" : "11434";
        }
        return scheme + hostPart + ":" + port;
    }

    /** Reads the version from the filtered resource. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "camel-llm " + version(),
                "Java " + System.getProperty("java.version") + " ("
                        + System.getProperty("java.vendor") + "), " + System.getProperty("os.name") + "/"
                        + System.getProperty("os.arch")
            };
        }

        static String version() {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException ignored) {
                // unknown version
            }
            return p.getProperty("version", "unknown");
        }
    }
}
