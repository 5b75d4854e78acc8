package io.github.camelllm.cli;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import io.github.camelllm.models.CatalogEntry;
import io.github.camelllm.models.ModelStore;
import io.github.camelllm.remote.ollama.OllamaModels;

/** {@code model info NAME|PATH|NAME@ollama}. */
@Command(
        name = "info",
        description = {
            "Show a model's metadata: read from the GGUF file for a local model, "
                    + "from POST /api/show for NAME@ollama."
        })
final class InfoCommand extends BaseCommand {

    @Parameters(
            index = "0",
            paramLabel = "NAME|PATH|NAME@ollama",
            description =
                    "A catalog name or file name in the models directory, a path to a .gguf file, or NAME@ollama.")
    String model;

    @Override
    int run() throws Exception {
        String ollamaName = ollamaName(model);
        if (ollamaName != null) {
            return ollamaInfo(ollamaName);
        }
        ModelStore store = new ModelStore(main().modelsDir(), main().catalog());
        ModelStore.ModelDetails d = store.info(model);
        if (json()) {
            ObjectNode o = okJson();
            o.put("backend", "local");
            o.put("path", d.path().toString());
            o.put("file", d.path().getFileName().toString());
            o.put("size", d.size());
            o.put("catalogName", d.catalogEntry().map(CatalogEntry::name).orElse(null));
            o.put("name", d.name());
            o.put("architecture", d.architecture());
            o.put("quantization", d.quantization());
            o.put("parameterCount", d.parameterCount());
            putLong(o, "contextLength", d.contextLength());
            putLong(o, "embeddingLength", d.embeddingLength());
            putLong(o, "blockCount", d.blockCount());
            o.put("vocabSize", d.vocabSize());
            o.put("tokenizerModel", d.tokenizerModel());
            o.put("hasChatTemplate", d.hasChatTemplate());
            o.put("embeddingModel", d.embeddingModel());
            o.put("vocabOnly", d.vocabOnly());
            o.put("estimatedWeightsBytes", d.estimatedWeightsBytes());
            o.put("ggufVersion", d.ggufVersion());
            o.put("tensorCount", d.tensorCount());
            o.put("metadataKeys", d.metadataKeys());
            o.put("license", d.catalogEntry().map(CatalogEntry::license).orElse(null));
            o.put("summary", d.summary());
            printJson(o);
            return Main.OK;
        }
        List<String[]> p = new ArrayList<>();
        p.add(new String[] {"file", d.path().toString()});
        p.add(new String[] {"size", human(d.size()) + " (" + d.size() + " bytes)"});
        p.add(new String[] {
            "catalog name", d.catalogEntry().map(CatalogEntry::name).orElse(null)
        });
        p.add(new String[] {"name", d.name()});
        p.add(new String[] {"architecture", d.architecture()});
        p.add(new String[] {"quantization", d.quantization()});
        p.add(new String[] {"parameters", count(d.parameterCount())});
        p.add(new String[] {"context length", str(d.contextLength())});
        p.add(new String[] {"embedding length", str(d.embeddingLength())});
        p.add(new String[] {"blocks", str(d.blockCount())});
        p.add(new String[] {"vocabulary", Integer.toString(d.vocabSize())});
        p.add(new String[] {"tokenizer", d.tokenizerModel()});
        p.add(new String[] {"chat template", d.hasChatTemplate() ? "yes" : "no"});
        p.add(new String[] {"kind", d.embeddingModel() ? "embedding" : "chat"});
        p.add(new String[] {
            "GGUF",
            "v" + d.ggufVersion() + ", " + d.tensorCount() + " tensors, " + d.metadataKeys() + " metadata keys"
                    + (d.vocabOnly() ? ", vocabulary only" : "")
        });
        d.catalogEntry().ifPresent(e -> p.add(new String[] {"license", e.license()}));
        pairs(p);
        return Main.OK;
    }

    private int ollamaInfo(String name) {
        OllamaModels client = ollama(0);
        OllamaModels.ModelDetails d = client.show(name);
        if (json()) {
            ObjectNode o = okJson();
            o.put("backend", "ollama");
            o.put("ollamaUrl", client.baseUrl());
            o.put("name", d.name());
            o.put("family", d.family());
            o.put("parameterSize", d.parameterSize());
            o.put("quantizationLevel", d.quantizationLevel());
            o.put("format", d.format());
            o.put("contextLength", d.contextLength());
            d.capabilities().forEach(o.putArray("capabilities")::add);
            o.set("modelInfo", d.raw().path("model_info").deepCopy());
            printJson(o);
            return Main.OK;
        }
        List<String[]> p = new ArrayList<>();
        p.add(new String[] {"name", d.name() + OLLAMA_SUFFIX});
        p.add(new String[] {"ollama", client.baseUrl()});
        p.add(new String[] {"family", d.family()});
        p.add(new String[] {"parameters", d.parameterSize()});
        p.add(new String[] {"quantization", d.quantizationLevel()});
        p.add(new String[] {"format", d.format()});
        p.add(new String[] {
            "context length",
            d.contextLength() == null ? null : d.contextLength().toString()
        });
        p.add(new String[] {"capabilities", String.join(", ", d.capabilities())});
        pairs(p);
        return Main.OK;
    }

    private static void putLong(ObjectNode o, String field, java.util.OptionalLong v) {
        if (v.isPresent()) {
            o.put(field, v.getAsLong());
        } else {
            o.putNull(field);
        }
    }

    private static String str(java.util.OptionalLong v) {
        return v.isPresent() ? Long.toString(v.getAsLong()) : null;
    }
}
