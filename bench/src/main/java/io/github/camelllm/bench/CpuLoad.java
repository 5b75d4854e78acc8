package io.github.camelllm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How busy the machine was while a phase ran, from /proc/stat and /proc/self/stat (Linux only; empty elsewhere).
 * On a shared 2-core machine, CPU taken by other processes or by the hypervisor (steal) shows up directly in
 * llama.cpp's latency: its worker threads meet at spinning barriers, so one descheduled thread stalls the others.
 */
final class CpuLoad {

    record Snapshot(long total, long idle, long steal, long own) {}

    private CpuLoad() {}

    static Snapshot snapshot() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat"))
                    .get(0); // cpu user nice system idle iowait irq softirq steal ...
            String[] f = cpu.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i <= 8 && i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            String self = Files.readString(Path.of("/proc/self/stat"));
            String[] s = self.substring(self.lastIndexOf(')') + 2).trim().split("\\s+");
            long own = Long.parseLong(s[11]) + Long.parseLong(s[12]); // utime, stime (fields 14 and 15)
            return new Snapshot(total, idle, steal, own);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Shares of the machine's CPU time (all cores = 100 %) since {@code before}. */
    static Map<String, Object> since(Snapshot before) {
        Snapshot now = snapshot();
        Map<String, Object> out = new LinkedHashMap<>();
        if (before == null || now == null || now.total() <= before.total()) {
            return out;
        }
        double total = now.total() - before.total();
        double idle = now.idle() - before.idle();
        double steal = now.steal() - before.steal();
        double own = now.own() - before.own();
        double other = Math.max(0, total - idle - steal - own);
        out.put("cores", Runtime.getRuntime().availableProcessors());
        out.put("ownPct", pct(own / total));
        out.put("otherPct", pct(other / total));
        out.put("stealPct", pct(steal / total));
        out.put("idlePct", pct(idle / total));
        out.put("loadavg", loadavg());
        return out;
    }

    static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static double pct(double share) {
        return Math.round(share * 1000) / 10.0;
    }
}
