package io.ultrareliability.e2e.bench;

import io.ultrareliability.e2e.E2e;
import io.ultrareliability.e2e.Stack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The supervisor's cost while nothing happens: CPU (utime+stime from /proc over the window)
 * and RSS (VmRSS every second), with the production probe intervals (health and memory 5 s).
 */
final class IdleProbe {
    private final int seconds;

    IdleProbe(int seconds) {
        this.seconds = seconds;
    }

    String measure() throws Exception {
        try (Stack stack = Stack.builder("bench-idle").set("health.interval=5s").set("memory.interval=5s").start()) {
            long pid = stack.supervisor().pid();
            E2e.sleepMs(5_000);
            long ticks0 = cpuTicks(pid);
            long t0 = System.nanoTime();
            List<Long> rss = new ArrayList<>();
            for (int i = 0; i < seconds; i++) {
                rss.add(rssKiB(pid));
                E2e.sleepMs(1_000);
            }
            long ticks = cpuTicks(pid) - ticks0;
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpuPct = 100.0 * ticks / clockTicks() / wall;
            Stats r = Stats.of(rss.stream().mapToLong(Long::longValue).toArray());
            return String.format("supervisor idle over %.0f s (health and memory probes every 5 s): CPU %.2f %% of one core"
                    + " (%d ticks), RSS median %d MiB, max %d MiB", wall, cpuPct, ticks, r.median() / 1024, r.max() / 1024);
        }
    }

    private static long cpuTicks(long pid) throws Exception {
        String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long rssKiB(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static long clockTicks() throws Exception {
        Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
        String v = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();
        return Long.parseLong(v);
    }
}
