package io.github.camelllm.cli;

import picocli.CommandLine.Command;

/** {@code camel-llm model ...}: the model subcommands. */
@Command(
        name = "model",
        description = "Find, download, inspect and remove models (local GGUF files and Ollama).",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {
            AvailableCommand.class,
            ListCommand.class,
            PullCommand.class,
            InfoCommand.class,
            RemoveCommand.class,
            StatusCommand.class
        },
        footerHeading = "%nModel names:%n",
        footer = {
            "  NAME          a catalog name (see 'model available'), or a .gguf file",
            "                name in the models directory",
            "  NAME@ollama   a model on the Ollama server, e.g. llama3.2:1b@ollama",
            "  https://...   (pull only) the URL of a .gguf file"
        })
final class ModelCommand {}
