package io.github.camelllm.cli;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import io.github.camelllm.models.ModelStore;
import io.github.camelllm.remote.ollama.OllamaModels;

/** {@code model list}: local GGUF files, or Ollama's models with {@code --ollama}. */
@Command(
        name = "list",
        description = {
            "List the GGUF files in the models directory.",
            "With --ollama, list the models installed on the Ollama server instead."
        })
final class ListCommand extends BaseCommand {

    @Option(names = "--ollama", description = "List the Ollama server's models (GET /api/tags).")
    boolean ollama;

    @Override
    int run() throws Exception {
        return ollama ? listOllama() : listLocal();
    }

    private int listLocal() throws Exception {
        ModelStore store = new ModelStore(main().modelsDir(), main().catalog());
        List<ModelStore.LocalModel> models = store.list();
        List<Path> parts = store.partialDownloads();
        if (json()) {
            ObjectNode o = okJson();
            o.put("modelsDir", store.modelsDir().toString());
            ArrayNode a = o.putArray("models");
            for (ModelStore.LocalModel m : models) {
                ObjectNode n = a.addObject();
                n.put("name", m.catalogName().orElse(null));
                n.put("file", m.fileName());
                n.put("path", m.path().toString());
                n.put("size", m.size());
                n.put("architecture", m.architecture().isEmpty() ? null : m.architecture());
                n.put("quantization", m.quantization().isEmpty() ? null : m.quantization());
                if (m.contextLength().isPresent()) {
                    n.put("contextLength", m.contextLength().getAsLong());
                } else {
                    n.putNull("contextLength");
                }
                n.put("readable", m.readable());
                n.put("error", m.error());
            }
            ArrayNode p = o.putArray("partialDownloads");
            parts.forEach(x -> p.add(x.toString()));
            printJson(o);
            return Main.OK;
        }
        out().println("models directory: " + store.modelsDir());
        if (models.isEmpty()) {
            out().println("no models; see 'camel-llm model available' and 'camel-llm model pull NAME'");
        } else {
            List<String[]> rows = rows("NAME", "FILE", "SIZE", "ARCH", "QUANT", "CONTEXT");
            for (ModelStore.LocalModel m : models) {
                rows.add(new String[] {
                    m.catalogName().orElse("-"),
                    m.fileName(),
                    human(m.size()),
                    m.readable() ? orDash(m.architecture()) : "unreadable: " + oneLine(m.error()),
                    orDash(m.quantization()),
                    m.contextLength().isPresent()
                            ? Long.toString(m.contextLength().getAsLong())
                            : "-"
                });
            }
            table(rows);
        }
        for (Path part : parts) {
            out().println("partial download: " + part.getFileName() + " (pull again to resume, remove to discard)");
        }
        out().flush();
        return Main.OK;
    }

    private int listOllama() {
        OllamaModels client = ollama(0);
        List<OllamaModels.Model> models = client.list();
        if (json()) {
            ObjectNode o = okJson();
            o.put("ollamaUrl", client.baseUrl());
            ArrayNode a = o.putArray("models");
            for (OllamaModels.Model m : models) {
                a.addObject()
                        .put("name", m.name())
                        .put("size", m.size())
                        .put("digest", m.digest())
                        .put("modifiedAt", m.modifiedAt())
                        .put("family", m.family())
                        .put("parameterSize", m.parameterSize())
                        .put("quantizationLevel", m.quantizationLevel());
            }
            printJson(o);
            return Main.OK;
        }
        out().println("ollama: " + client.baseUrl());
        if (models.isEmpty()) {
            out().println("no models; pull one with: camel-llm model pull NAME@ollama");
        } else {
            List<String[]> rows = rows("NAME", "SIZE", "FAMILY", "PARAMS", "QUANT", "MODIFIED");
            for (OllamaModels.Model m : models) {
                rows.add(new String[] {
                    m.name() + OLLAMA_SUFFIX,
                    human(m.size()),
                    orDash(m.family()),
                    orDash(m.parameterSize()),
                    orDash(m.quantizationLevel()),
                    orDash(m.modifiedAt())
                });
            }
            table(rows);
        }
        out().flush();
        return Main.OK;
    }
}
