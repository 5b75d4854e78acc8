package io.github.camelllm.models;

import java.util.List;

/** A model name or path that resolves to no file. The message lists every place searched and how to get it. */
public class ModelNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String model;
    private final transient List<String> searched;
    private final String pullCommand;

    /**
     * @param model       the name or path asked for
     * @param searched    every place tried, in order
     * @param pullCommand the command that would download it, or null if there is none (e.g. a path)
     */
    public ModelNotFoundException(String model, List<String> searched, String pullCommand) {
        super(message(model, searched, pullCommand));
        this.model = model;
        this.searched = List.copyOf(searched);
        this.pullCommand = pullCommand;
    }

    private static String message(String model, List<String> searched, String pullCommand) {
        StringBuilder sb = new StringBuilder("model '").append(model).append("' not found. Searched:");
        for (String s : searched) {
            sb.append("\n  - ").append(s);
        }
        if (pullCommand != null) {
            sb.append("\nDownload it with: ").append(pullCommand);
        }
        return sb.toString();
    }

    /** @return the name or path asked for */
    public String model() {
        return model;
    }

    /** @return every place searched, in order */
    public List<String> searched() {
        return searched;
    }

    /** @return the download command suggested, or null */
    public String pullCommand() {
        return pullCommand;
    }
}
