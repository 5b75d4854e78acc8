package io.github.camelllm.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import io.github.camelllm.remote.ollama.OllamaModels.PullProgress;

/**
 * Shows Ollama's pull progress stream on stderr: status lines and a progress bar per layer on a terminal; status
 * lines and throttled layer lines otherwise; every event as a JSON line with {@code --json}.
 */
abstract class OllamaProgress implements Consumer<PullProgress> {

    private int events;

    static OllamaProgress create(Main main, PrintWriter err, String model) {
        if (main.json()) {
            return new Json(err);
        }
        if (main.terminal().interactive()) {
            return new Bar(err);
        }
        return new Lines(err);
    }

    @Override
    public final void accept(PullProgress p) {
        events++;
        show(p);
    }

    abstract void show(PullProgress p);

    void finish() {}

    int events() {
        return events;
    }

    static String shortDigest(String digest) {
        String d = digest.startsWith("sha256:") ? digest.substring(7) : digest;
        return d.length() > 12 ? d.substring(0, 12) : d;
    }

    /** Every event as one JSON line. */
    static final class Json extends OllamaProgress {
        private final PrintWriter err;

        Json(PrintWriter err) {
            this.err = err;
        }

        @Override
        void show(PullProgress p) {
            ObjectNode o = BaseCommand.MAPPER
                    .createObjectNode()
                    .put("event", "ollama-progress")
                    .put("status", p.status())
                    .put("digest", p.digest())
                    .put("total", p.total())
                    .put("completed", p.completed());
            try {
                err.println(BaseCommand.MAPPER
                        .writer()
                        .without(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(o));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            err.flush();
        }
    }

    /** Status changes, and layer progress at most every 10 % or 5 s. */
    static final class Lines extends OllamaProgress {
        private final PrintWriter err;
        private String lastStatus;
        private String digest;
        private int lastStep = -1;
        private long lastTime;

        Lines(PrintWriter err) {
            this.err = err;
        }

        @Override
        void show(PullProgress p) {
            if (p.digest() != null && p.total() > 0) {
                long now = System.nanoTime();
                int step = DownloadProgress.percent(p.completed(), p.total()) / 10;
                if (!p.digest().equals(digest)
                        || step > lastStep
                        || now - lastTime >= DownloadProgress.INTERVAL_NANOS) {
                    digest = p.digest();
                    lastStep = step;
                    lastTime = now;
                    err.println("layer " + shortDigest(p.digest()) + ": "
                            + DownloadProgress.line(p.completed(), p.total(), 0));
                }
                lastStatus = p.status();
            } else if (!Objects.equals(p.status(), lastStatus)) {
                lastStatus = p.status();
                digest = null;
                err.println(p.status());
            }
            err.flush();
        }
    }

    /** A progress bar per layer. */
    static final class Bar extends OllamaProgress {
        private final PrintWriter err;
        private ProgressBar bar;
        private String digest;
        private String lastStatus;

        Bar(PrintWriter err) {
            this.err = err;
        }

        @Override
        void show(PullProgress p) {
            if (p.digest() != null && p.total() > 0) {
                if (!p.digest().equals(digest)) {
                    finish();
                    digest = p.digest();
                    bar = new ProgressBarBuilder()
                            .setTaskName("layer " + shortDigest(p.digest()))
                            .setInitialMax(p.total())
                            .setUnit(DownloadProgress.unitName(p.total()), DownloadProgress.unitSize(p.total()))
                            .showSpeed(new java.text.DecimalFormat("0.0"))
                            .setStyle(ProgressBarStyle.ASCII)
                            .setUpdateIntervalMillis(200)
                            .startsFrom(p.completed(), Duration.ZERO)
                            .setConsumer(new ConsoleProgressBarConsumer(System.err))
                            .build();
                }
                bar.stepTo(p.completed());
                lastStatus = p.status();
            } else if (!Objects.equals(p.status(), lastStatus)) {
                finish();
                lastStatus = p.status();
                err.println(p.status());
                err.flush();
            }
        }

        @Override
        void finish() {
            if (bar != null) {
                bar.close();
                bar = null;
                digest = null;
            }
        }
    }
}
