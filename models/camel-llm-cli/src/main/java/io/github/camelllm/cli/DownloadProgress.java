package io.github.camelllm.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import io.github.camelllm.models.ProgressListener;

/**
 * Shows the progress of a GGUF download: a progress bar on a terminal, plain lines otherwise (at most one per 10 %
 * step or per 5 s, plus the last one), JSON lines with {@code --json}. Everything goes to stderr.
 */
abstract class DownloadProgress implements ProgressListener {

    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    static DownloadProgress create(Main main, PrintWriter err, String file) {
        if (main.json()) {
            return new Lines(err, true);
        }
        if (main.terminal().interactive()) {
            return new Bar(file);
        }
        return new Lines(err, false);
    }

    /** Called after the download ended successfully. */
    abstract void finish();

    /**
     * @return {@code downloaded 12.3 MiB of 45.0 MiB (27 %), 3.1 MiB/s}
     */
    static String line(long done, long total, double bps) {
        StringBuilder sb = new StringBuilder("downloaded ").append(BaseCommand.human(done));
        if (total > 0) {
            sb.append(" of ")
                    .append(BaseCommand.human(total))
                    .append(" (")
                    .append(percent(done, total))
                    .append(" %)");
        }
        if (bps > 0) {
            sb.append(", ").append(BaseCommand.human((long) bps)).append("/s");
        }
        return sb.toString();
    }

    /** MiB for big files, KiB below 64 MiB so that small downloads still move the numbers. */
    static long unitSize(long total) {
        return total > 0 && total < (64L << 20) ? 1L << 10 : 1L << 20;
    }

    static String unitName(long total) {
        return unitSize(total) == 1L << 10 ? " KiB" : " MiB";
    }

    static int percent(long done, long total) {
        return total <= 0 ? -1 : (int) Math.min(100, done * 100 / total);
    }

    /** Plain or JSON lines, throttled. */
    static final class Lines extends DownloadProgress {
        private final PrintWriter err;
        private final boolean json;
        private boolean printed;
        private long lastDone = -1;
        private int lastStep = -1;
        private long lastTime;
        private long done = -1;
        private long total = -1;
        private double bps;

        Lines(PrintWriter err, boolean json) {
            this.err = err;
            this.json = json;
        }

        @Override
        public synchronized void onProgress(long bytesDone, long bytesTotal, double bytesPerSecond) {
            done = bytesDone;
            total = bytesTotal;
            bps = bytesPerSecond;
            long now = System.nanoTime();
            int step = bytesTotal > 0 ? percent(bytesDone, bytesTotal) / 10 : -1;
            boolean due = !printed
                    || step > lastStep
                    || now - lastTime >= INTERVAL_NANOS
                    || (bytesTotal > 0 && bytesDone >= bytesTotal);
            if (due && bytesDone != lastDone) {
                print(now, step);
            }
        }

        private void print(long now, int step) {
            printed = true;
            lastDone = done;
            lastStep = step;
            lastTime = now;
            if (json) {
                try {
                    err.println(BaseCommand.MAPPER
                            .writer()
                            .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsString(BaseCommand.MAPPER
                                    .createObjectNode()
                                    .put("event", "progress")
                                    .put("bytesDone", done)
                                    .put("bytesTotal", total)
                                    .put("percent", percent(done, total))
                                    .put("bytesPerSecond", Math.round(bps))));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            } else {
                err.println(line(done, total, bps));
            }
            err.flush();
        }

        @Override
        synchronized void finish() {
            if (done >= 0 && done != lastDone) {
                print(System.nanoTime(), total > 0 ? percent(done, total) / 10 : -1);
            }
        }
    }

    /** A progress bar (bytes, rate, ETA) on stderr. */
    static final class Bar extends DownloadProgress {
        private final String task;
        private ProgressBar bar;

        Bar(String task) {
            this.task = task;
        }

        @Override
        public synchronized void onProgress(long bytesDone, long bytesTotal, double bytesPerSecond) {
            if (bar == null) {
                bar = new ProgressBarBuilder()
                        .setTaskName(task)
                        .setInitialMax(bytesTotal > 0 ? bytesTotal : -1)
                        .setUnit(unitName(bytesTotal), unitSize(bytesTotal))
                        .showSpeed(new java.text.DecimalFormat("0.0"))
                        .setStyle(ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(200)
                        .startsFrom(bytesDone, Duration.ZERO)
                        .setConsumer(new ConsoleProgressBarConsumer(System.err))
                        .build();
            }
            if (bytesTotal > 0 && bar.getMax() != bytesTotal) {
                bar.maxHint(bytesTotal);
            }
            bar.stepTo(bytesDone);
        }

        @Override
        synchronized void finish() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
