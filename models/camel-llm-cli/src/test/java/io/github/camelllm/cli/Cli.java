package io.github.camelllm.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

import io.github.camelllm.models.Environment;

/** Runs the CLI in-process with a fixed environment and a fake terminal, capturing stdout and stderr. */
final class Cli {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** The outcome of one run. */
    record Result(int code, String out, String err) {

        JsonNode json() {
            try {
                return MAPPER.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("stdout is not JSON: " + out + "\nstderr: " + err, e);
            }
        }

        /** stderr lines */
        List<String> errLines() {
            return err.isEmpty() ? List.of() : Arrays.asList(err.split("\\R"));
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Map<String, String> env = new HashMap<>();
    private final Map<String, String> props = new HashMap<>();
    private boolean interactive;
    private final Deque<String> answers = new ArrayDeque<>();
    final List<String> prompts = new ArrayList<>();

    Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Pretends to be on a terminal that answers the confirmation prompts with these lines. */
    Cli interactive(String... answers) {
        this.interactive = true;
        this.answers.addAll(List.of(answers));
        return this;
    }

    Result run(String... args) {
        Main.Terminal terminal = new Main.Terminal() {
            @Override
            public boolean interactive() {
                return interactive;
            }

            @Override
            public String readLine(String prompt) {
                prompts.add(prompt);
                return answers.poll();
            }
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main(Environment.of(env, props), terminal));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
