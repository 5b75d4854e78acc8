package io.github.camelllm.models;

import java.util.ArrayList;
import java.util.List;

/** The warnings of one download: each is logged when it happens and ends up in the {@link DownloadResult}. */
final class DownloadWarnings {

    private static final System.Logger LOG = System.getLogger(ModelDownloader.class.getName());

    private final List<String> messages = new ArrayList<>();

    /** @param message a warning for the user; logged at WARNING */
    void add(String message) {
        messages.add(message);
        LOG.log(System.Logger.Level.WARNING, message);
    }

    /** @return the warnings so far, in order; a copy */
    List<String> list() {
        return List.copyOf(messages);
    }
}
