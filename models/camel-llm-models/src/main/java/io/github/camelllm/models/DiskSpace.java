package io.github.camelllm.models;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

import io.github.camelllm.models.ModelDownloadException.Reason;

/** Refuses a download that would not fit on the disk of the models directory. */
final class DiskSpace {

    private final ModelDownloader.UsableSpace usableSpace;

    /** @param usableSpace how to measure the usable bytes of a directory's file store */
    DiskSpace(ModelDownloader.UsableSpace usableSpace) {
        this.usableSpace = Objects.requireNonNull(usableSpace, "usableSpace");
    }

    /**
     * @param dir    the models directory (it exists)
     * @param needed bytes still to be written; zero or negative (unknown) always passes
     * @param url    the download, for the message
     * @throws ModelDownloadException with {@link Reason#INSUFFICIENT_SPACE} when fewer bytes are usable
     * @throws IOException            when the usable space cannot be read
     */
    void require(Path dir, long needed, URI url) throws IOException {
        if (needed <= 0) {
            return;
        }
        long usable = usableSpace.usableBytes(dir);
        if (usable < needed) {
            throw new ModelDownloadException(
                    Reason.INSUFFICIENT_SPACE,
                    "not enough disk space to download " + url
                            + " into " + dir + ": " + needed + " bytes (" + Bytes.human(needed) + ") needed, " + usable
                            + " bytes (" + Bytes.human(usable)
                            + ") usable. Free some space or set camel.llm.models.dir /"
                            + " CAMEL_LLM_MODELS_DIR to another directory.",
                    null,
                    null);
        }
    }
}
