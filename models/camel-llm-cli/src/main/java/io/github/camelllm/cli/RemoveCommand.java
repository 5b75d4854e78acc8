package io.github.camelllm.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import io.github.camelllm.models.ModelStore;
import io.github.camelllm.remote.ollama.OllamaModels;

/** {@code model remove NAME|NAME@ollama [--yes]}. */
@Command(
        name = "remove",
        description = {
            "Delete a model from the models directory (and its partial download), or "
                    + "NAME@ollama from the Ollama server (DELETE /api/delete).",
            "Asks for confirmation on a terminal; without a terminal it refuses unless --yes is given."
        })
final class RemoveCommand extends BaseCommand {

    @Parameters(
            index = "0",
            paramLabel = "NAME|NAME@ollama",
            description = "A catalog name or a file name in the models directory (not a path), or NAME@ollama.")
    String model;

    @Option(
            names = {"-y", "--yes"},
            description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    int run() throws Exception {
        String ollamaName = ollamaName(model);
        String where = ollamaName != null
                ? "the Ollama server " + main().ollamaUrl()
                : main().modelsDir().toString();
        String what = ollamaName != null ? ollamaName : model;
        confirm("remove model '" + what + "' from " + where + "?");
        if (ollamaName != null) {
            OllamaModels client = ollama(0);
            client.delete(ollamaName);
            if (json()) {
                ObjectNode o = okJson().put("backend", "ollama").put("ollamaUrl", client.baseUrl());
                o.putArray("removed").add(ollamaName);
                printJson(o);
            } else {
                out().println("removed: " + ollamaName + OLLAMA_SUFFIX);
                out().flush();
            }
            return Main.OK;
        }
        ModelStore store = new ModelStore(main().modelsDir(), main().catalog());
        List<Path> removed = store.remove(model);
        if (json()) {
            ObjectNode o = okJson().put("backend", "local")
                    .put("modelsDir", store.modelsDir().toString());
            ArrayNode a = o.putArray("removed");
            removed.forEach(p -> a.add(p.toString()));
            printJson(o);
        } else {
            removed.forEach(p -> out().println("removed: " + p));
            out().flush();
        }
        return Main.OK;
    }

    private void confirm(String question) {
        if (yes) {
            return;
        }
        Main.Terminal t = main().terminal();
        if (!t.interactive()) {
            throw new CliException(
                    "refusing to " + question.substring(0, question.length() - 1)
                            + " without confirmation: not running on a terminal; add --yes",
                    "CONFIRMATION_REQUIRED");
        }
        String answer = t.readLine(Character.toUpperCase(question.charAt(0)) + question.substring(1) + " [y/N] ");
        String a = answer == null ? "" : answer.trim().toLowerCase(Locale.ROOT);
        if (!a.equals("y") && !a.equals("yes")) {
            throw new CliException("not removed: cancelled", "CANCELLED");
        }
    }
}
