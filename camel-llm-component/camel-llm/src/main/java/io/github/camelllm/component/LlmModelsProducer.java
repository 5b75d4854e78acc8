package io.github.camelllm.component;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

import io.github.camelllm.models.CatalogEntry;
import io.github.camelllm.models.DownloadResult;
import io.github.camelllm.models.Environment;
import io.github.camelllm.models.ModelCatalog;
import io.github.camelllm.models.ModelDirectories;
import io.github.camelllm.models.ModelDownloader;
import io.github.camelllm.models.ModelStore;
import io.github.camelllm.remote.ollama.OllamaModels;
import io.github.camelllm.spi.LlmInvalidRequestException;
import io.github.camelllm.spi.ModelSpec;

/**
 * llm:models — model management from a route. {@code action} (or header CamelLlmModelsAction): {@code list} (local
 * models: List of maps), {@code available} (the catalog), {@code info}, {@code pull}, {@code remove} (the model is the
 * body, else the model option). A model {@code name@ollama} acts on the Ollama server at baseUrl.
 */
class LlmModelsProducer extends DefaultProducer {

    LlmModelsProducer(LlmEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public LlmEndpoint getEndpoint() {
        return (LlmEndpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        LlmConfiguration c = getEndpoint().getConfiguration();
        String action = exchange.getMessage().getHeader(LlmConstants.MODELS_ACTION, c.getAction(), String.class);
        action = action == null ? "list" : action.trim().toLowerCase(Locale.ROOT);
        Object body = exchange.getMessage().getBody();
        String model = body instanceof CharSequence cs && !cs.toString().isBlank()
                ? cs.toString().trim()
                : c.getModel();
        ModelSpec spec = ModelSpec.parse(model);
        Object result;
        if ("ollama".equals(spec.backend()) || ("list".equals(action) && "ollama".equals(c.getBackend()))) {
            result = ollama(c, action, spec.name());
        } else {
            result = local(c, action, spec.name());
        }
        exchange.getMessage().setBody(result);
    }

    private Object local(LlmConfiguration c, String action, String name) throws IOException {
        Environment env = LocalModelLocator.environment(c);
        ModelCatalog catalog = ModelCatalog.load(env);
        Path dir = ModelDirectories.modelsDir(env);
        ModelStore store = new ModelStore(dir, catalog);
        return switch (action) {
            case "list" ->
                store.list().stream()
                        .map(m -> {
                            Map<String, Object> row = new LinkedHashMap<>();
                            row.put("file", m.fileName());
                            row.put("path", m.path().toString());
                            row.put("size", m.size());
                            row.put("name", m.catalogName().orElse(null));
                            row.put("architecture", m.architecture());
                            row.put("quantization", m.quantization());
                            row.put("contextLength", m.contextLength());
                            row.put("error", m.error());
                            return row;
                        })
                        .toList();
            case "available" ->
                catalog.entries().stream().map(LlmModelsProducer::entry).toList();
            case "info" -> {
                ModelStore.ModelDetails d = store.info(required(name, action));
                Map<String, Object> info = new LinkedHashMap<>();
                info.put("path", d.path().toString());
                info.put("size", d.size());
                info.put("summary", d.summary());
                info.put(
                        "catalogEntry", d.catalogEntry().map(CatalogEntry::name).orElse(null));
                yield info;
            }
            case "pull" -> {
                String n = required(name, action);
                CatalogEntry e = catalog.find(n)
                        .orElseThrow(() -> new LlmInvalidRequestException(
                                "llm:models pull: '" + n + "' is not in the catalog; use action=available to list it"));
                DownloadResult r = new ModelDownloader().pull(e, dir, false, (done, total, rate) -> {});
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("name", e.name());
                out.put("path", r.file().toString());
                out.put("size", r.size());
                out.put("sha256", r.sha256());
                out.put("downloaded", r.downloaded());
                out.put("resumed", r.resumed());
                out.put("checksumVerified", r.checksumVerified());
                out.put("warnings", r.warnings());
                yield out;
            }
            case "remove" ->
                store.remove(required(name, action)).stream()
                        .map(Path::toString)
                        .toList();
            default ->
                throw new LlmInvalidRequestException(
                        "llm:models: unknown action '" + action + "': expected list, available, info, pull or remove");
        };
    }

    private static Map<String, Object> entry(CatalogEntry e) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", e.name());
        row.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
        row.put("file", e.file());
        row.put("size", e.size());
        row.put("contextLength", e.contextLength());
        row.put("license", e.license());
        row.put("goodFor", e.goodFor());
        row.put("url", e.url());
        return row;
    }

    private Object ollama(LlmConfiguration c, String action, String name) {
        String base = c.getBaseUrl() == null || c.getBaseUrl().isBlank() ? "http://localhost:11434" : c.getBaseUrl();
        LlmConfiguration settings = new LlmConfiguration();
        settings.setBaseUrl(base);
        OllamaModels ollama = new OllamaModels(
                BackendSpecs.remote(settings),
                getEndpoint().getComponent().runtime().scheduler());
        return switch (action) {
            case "list" -> {
                List<Map<String, Object>> rows = new ArrayList<>();
                ollama.list().forEach(m -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("name", m.name());
                    row.put("size", m.size());
                    row.put("digest", m.digest());
                    rows.add(row);
                });
                yield rows;
            }
            case "info" -> ollama.show(required(name, action));
            case "pull" -> {
                List<String> statuses = new ArrayList<>();
                ollama.pull(required(name, action), p -> statuses.add(p.status()));
                yield Map.of("name", name, "status", statuses.isEmpty() ? "" : statuses.get(statuses.size() - 1));
            }
            case "remove" -> {
                ollama.delete(required(name, action));
                yield List.of(name + "@ollama");
            }
            default ->
                throw new LlmInvalidRequestException("llm:models with @ollama: unknown action '" + action
                        + "': expected list, info, pull or remove");
        };
    }

    private static String required(String name, String action) {
        if (name == null || name.isBlank()) {
            throw new LlmInvalidRequestException(
                    "llm:models action " + action + " needs a model name in the body or the model option");
        }
        return name;
    }
}
