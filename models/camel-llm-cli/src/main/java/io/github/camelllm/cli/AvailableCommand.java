package io.github.camelllm.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;

import io.github.camelllm.models.CatalogEntry;
import io.github.camelllm.models.ModelCatalog;

/** {@code model available}: the catalog. */
@Command(name = "available", description = "List the models of the catalog that 'model pull NAME' can download.")
final class AvailableCommand extends BaseCommand {

    @Override
    int run() throws Exception {
        ModelCatalog catalog = main().catalog();
        Path dir = main().modelsDir();
        if (json()) {
            ObjectNode o = okJson();
            o.put("modelsDir", dir.toString());
            ArrayNode models = o.putArray("models");
            for (CatalogEntry e : catalog.entries()) {
                ObjectNode m = models.addObject();
                m.put("name", e.name());
                m.put("kind", e.kind().id());
                m.put("description", e.description());
                m.put("goodFor", e.goodFor());
                m.put("parameters", e.parameters());
                m.put("quantization", e.quantization());
                m.put("size", e.size());
                m.put("contextLength", e.contextLength());
                m.put("license", e.license());
                m.put("chatTemplate", e.chatTemplate());
                m.put("file", e.file());
                m.put("url", e.url());
                m.put("sha256", e.sha256());
                m.put("installed", Files.isRegularFile(dir.resolve(e.file())));
            }
            printJson(o);
            return Main.OK;
        }
        List<String[]> rows =
                rows("NAME", "KIND", "PARAMS", "QUANT", "SIZE", "CONTEXT", "LICENSE", "LOCAL", "GOOD FOR");
        for (CatalogEntry e : catalog.entries()) {
            rows.add(new String[] {
                e.name(),
                e.kind().id(),
                orDash(e.parameters()),
                orDash(e.quantization()),
                e.size() == null ? "?" : human(e.size()),
                String.valueOf(e.contextLength()),
                e.license(),
                Files.isRegularFile(dir.resolve(e.file())) ? "yes" : "",
                orDash(e.goodFor())
            });
        }
        table(rows);
        out().println();
        out().println("Download one with: camel-llm model pull NAME   (models directory: " + dir + ")");
        out().flush();
        return Main.OK;
    }
}
