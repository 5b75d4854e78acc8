package io.github.camelllm.llamacpp.jni;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where llama.cpp's log lines go: the SLF4J logger {@code io.github.camelllm.llamacpp.native}. */
public final class NativeLog {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.camelllm.llamacpp.native");

    private NativeLog() {}

    /**
     * Called by the native layer, from the thread llama.cpp logs on, for each complete line.
     *
     * @param level ggml's log level: 1 debug, 2 info, 3 warn, 4 error, 5 continuation
     */
    public static void log(int level, String line) {
        switch (level) {
            case 4 -> LOG.error(line);
            case 3 -> LOG.warn(line);
            case 2 -> LOG.debug(line);
            default -> LOG.trace(line);
        }
    }
}
