package io.github.camelllm.models;

import java.util.Locale;

/** Byte counts for people: 1.1 MiB, 4.2 GiB. */
public final class Bytes {

    private Bytes() {}

    /** Binary units with one decimal; "?" for a negative (unknown) count. */
    public static String human(long bytes) {
        if (bytes < 0) {
            return "?";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
