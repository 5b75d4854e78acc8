package io.github.camelllm.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import io.github.camelllm.models.CatalogEntry;
import io.github.camelllm.models.DownloadResult;
import io.github.camelllm.models.ModelCatalog;
import io.github.camelllm.models.ModelDownloader;
import io.github.camelllm.remote.ollama.OllamaModels;

/** {@code model pull NAME|URL|NAME@ollama}. */
@Command(
        name = "pull",
        description = {
            "Download a model into the models directory: resumable, SHA-256 verified when "
                    + "the catalog knows the hash, moved into place only when complete.",
            "NAME@ollama asks the Ollama server to pull NAME instead (POST /api/pull)."
        })
final class PullCommand extends BaseCommand {

    @Parameters(
            index = "0",
            paramLabel = "NAME|URL|NAME@ollama",
            description = "A catalog name (see 'model available'), an http(s) URL of a .gguf file, or NAME@ollama.")
    String model;

    @Option(
            names = "--force",
            description = "Download again even if a good file is present; discard a partial download.")
    boolean force;

    @Override
    int run() throws Exception {
        String ollamaName = ollamaName(model);
        if (ollamaName != null) {
            return pullOllama(ollamaName);
        }
        Main m = main();
        Path dir = m.modelsDir();
        ModelDownloader.Builder b = ModelDownloader.builder();
        if (m.testUsableSpace != null) {
            long space = m.testUsableSpace;
            b.usableSpace(d -> space);
        }
        if (m.testReadTimeoutSeconds != null) {
            b.readTimeout(Duration.ofSeconds(m.testReadTimeoutSeconds));
        }
        ModelDownloader downloader = b.build();
        String lower = model.trim().toLowerCase(Locale.ROOT);
        DownloadProgress progress;
        DownloadResult result;
        String name;
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            URI url;
            try {
                url = URI.create(model.trim());
            } catch (IllegalArgumentException e) {
                throw new CliException("invalid URL '" + model + "': " + e.getMessage(), "INVALID_URL");
            }
            String file = ModelDownloader.fileNameOf(url);
            ModelDownloader.safeTarget(dir, file);
            name = file;
            progress = DownloadProgress.create(m, err(), file);
            status("pulling " + url + " into " + dir);
            try {
                result = downloader.pull(url, dir, force, progress);
            } finally {
                progress.finish();
            }
        } else {
            ModelCatalog catalog = m.catalog();
            Optional<CatalogEntry> entry = catalog.find(model.trim());
            if (entry.isEmpty()) {
                if (model.contains("/") || model.contains("\\") || model.contains("..") || lower.endsWith(".gguf")) {
                    // names that look like files or paths: say why they are refused (and never touch the path)
                    ModelDownloader.safeTarget(dir, model.trim());
                    throw new CliException(
                            "'" + model + "' is not in the catalog; to download a file give its "
                                    + "https:// URL (see 'camel-llm model available')",
                            "UNKNOWN_MODEL");
                }
                throw new CliException(
                        "unknown model '" + model + "': not in the catalog (see 'camel-llm model "
                                + "available'); give a catalog name, an https:// URL of a .gguf file, or NAME@ollama",
                        "UNKNOWN_MODEL");
            }
            CatalogEntry e = entry.get();
            name = e.name();
            progress = DownloadProgress.create(m, err(), e.file());
            status("pulling " + e.name() + " (" + e.file() + (e.size() == null ? "" : ", " + human(e.size()))
                    + ") from " + e.url() + " into " + dir);
            try {
                result = downloader.pull(e, dir, force, progress);
            } finally {
                progress.finish();
            }
        }
        if (json()) {
            ObjectNode o = okJson();
            o.put("backend", "local");
            o.put("model", name);
            o.put("file", result.file().toString());
            o.put("size", result.size());
            o.put("sha256", result.sha256());
            o.put("downloaded", result.downloaded());
            o.put("resumed", result.resumed());
            o.put("checksumVerified", result.checksumVerified());
            ArrayNode w = o.putArray("warnings");
            result.warnings().forEach(w::add);
            printJson(o);
            return Main.OK;
        }
        for (String w : result.warnings()) {
            err().println("warning: " + w);
        }
        err().flush();
        String what = result.downloaded() ? (result.resumed() ? "pulled (resumed)" : "pulled") : "already present";
        out().println(what + ": " + result.file() + " (" + human(result.size()) + ", sha256 " + result.sha256()
                + (result.checksumVerified() ? ", verified" : ", not verified: no checksum known") + ")");
        out().flush();
        return Main.OK;
    }

    private void status(String line) {
        if (!json()) {
            err().println(line);
            err().flush();
        }
    }

    private int pullOllama(String name) {
        OllamaModels client = ollama(0);
        OllamaProgress progress = OllamaProgress.create(main(), err(), name);
        status("pulling " + name + " on ollama " + client.baseUrl());
        try {
            client.pull(name, progress);
        } finally {
            progress.finish();
        }
        if (json()) {
            ObjectNode o = okJson();
            o.put("backend", "ollama");
            o.put("model", name);
            o.put("ollamaUrl", client.baseUrl());
            o.put("events", progress.events());
            printJson(o);
            return Main.OK;
        }
        out().println("pulled: " + name + OLLAMA_SUFFIX + " (ollama " + client.baseUrl() + ")");
        out().flush();
        return Main.OK;
    }
}
