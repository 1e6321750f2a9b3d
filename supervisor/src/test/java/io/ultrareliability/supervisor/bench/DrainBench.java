package io.ultrareliability.supervisor.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How fast the supervisor drains a chatty child's output, and what it costs (a benchmark, not
 * a test; see docs/perf.md). The child writes {@code --mb} MB of 100-byte lines as fast as the
 * pipe takes them ({@code yes | head -c}) and reports how long that took: a pipe holds 64 KiB,
 * so the child's time is the supervisor's drain time. Then the child becomes the Python
 * {@code /health} server and the supervisor is measured idle (default probes).
 *
 * <pre>
 * java -cp "supervisor/target/test-classes:supervisor/target/supervisor.jar" \
 *   io.ultrareliability.supervisor.bench.DrainBench [--mb 100] [--idle-seconds 60] [--jvm-opts "..."]
 * </pre>
 */
public final class DrainBench {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final Path MODULE = locateModule();

    private DrainBench() {
    }

    public static void main(String[] args) throws Exception {
        int mb = 100;
        int idleSeconds = 60;
        String jvmOpts = defaultJvmOpts();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mb" -> mb = Integer.parseInt(args[++i]);
                case "--idle-seconds" -> idleSeconds = Integer.parseInt(args[++i]);
                case "--jvm-opts" -> jvmOpts = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.println("supervisor JVM options: " + jvmOpts + "; " + Runtime.getRuntime().availableProcessors()
                + " cores; load " + Files.readString(Path.of("/proc/loadavg")).trim());
        Path home = Files.createTempDirectory("ur-drain");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String py = MODULE.resolve("target/test-classes/bench/fast_child.py").toString();
        String line = "x".repeat(99);
        String script = "t0=$(date +%s%N); yes " + line + " | head -c " + (mb * 1_000_000L)
                + "; t1=$(date +%s%N); echo \"DRAIN-DONE $(( (t1 - t0) / 1000000 ))\"; exec python3 " + py;
        String yaml = """
                child:
                  command: ["/bin/sh", "-c", "%s"]
                health:
                  url: http://127.0.0.1:%d/health
                  startup_grace: 30m
                web:
                  port: 0
                """.formatted(script.replace("\"", "\\\""), port);
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/ultra-reliability.yml"), yaml);
        List<String> cmd = new ArrayList<>();
        cmd.add(JAVA);
        cmd.addAll(Arrays.asList(jvmOpts.trim().split("\\s+")));
        cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-jar",
                MODULE.resolve("target/supervisor.jar").toString(), "run", "--daemon"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile())
                .redirectOutput(home.resolve("out.txt").toFile()).redirectErrorStream(true);
        pb.environment().put("ULTRA_HOME", home.toString());
        Process sup = pb.start();
        try {
            long pid = sup.pid();
            Path botLog = home.resolve("logs/bot.log");
            long ticks0 = cpuTicks(pid);
            long maxRss = 0;
            String done = null;
            long deadline = System.nanoTime() + 600_000_000_000L;
            while (done == null) {
                if (!sup.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("supervisor exited or drain took over 10 min; see " + home);
                }
                maxRss = Math.max(maxRss, field(pid, "VmRSS:"));
                done = grep(botLog, "DRAIN-DONE ");
                Thread.sleep(100);
            }
            long drainMs = Long.parseLong(done.substring("DRAIN-DONE ".length()).trim());
            double cpuS = (cpuTicks(pid) - ticks0) / 100.0;
            System.out.printf(Locale.ROOT, "drain: %d MB of 100-byte lines in %d ms = %.1f MB/s; supervisor CPU %.1f s"
                    + " (%.0f%% of one core over the drain, incl. start-up); RSS max %.1f MiB%n", mb, drainMs,
                    mb * 1000.0 / drainMs, cpuS, cpuS * 100_000 / drainMs, maxRss / 1024.0);
            Thread.sleep(10_000); // the child becomes the health server; let the loop settle
            long t0 = System.nanoTime();
            long c0 = cpuTicks(pid);
            long max = 0;
            long sum = 0;
            int n = 0;
            while (System.nanoTime() - t0 < idleSeconds * 1_000_000_000L) {
                long rss = field(pid, "VmRSS:");
                max = Math.max(max, rss);
                sum += rss;
                n++;
                Thread.sleep(1000);
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "idle after the drain, %.0f s: CPU %.3f%% of one core; RSS mean %.1f MiB,"
                    + " max %.1f MiB (anonymous %.1f MiB); threads %d%n", elapsed,
                    (cpuTicks(pid) - c0) / 100.0 / elapsed * 100.0, sum / (double) n / 1024, max / 1024.0,
                    field(pid, "RssAnon:") / 1024.0, field(pid, "Threads:"));
        } finally {
            sup.destroy();
            if (!sup.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                sup.destroyForcibly();
            }
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String grep(Path file, String prefix) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        // The line comes last: read only the tail of the (rotating) log.
        try (var ch = java.nio.channels.FileChannel.open(file)) {
            long size = ch.size();
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) Math.min(size, 64 * 1024));
            ch.read(b, size - b.capacity());
            String tail = new String(b.array(), 0, b.position(), java.nio.charset.StandardCharsets.UTF_8);
            int i = tail.indexOf(prefix);
            return i < 0 ? null : tail.substring(i, tail.indexOf('\n', i) < 0 ? tail.length() : tail.indexOf('\n', i));
        }
    }

    private static long cpuTicks(long pid) throws IOException {
        String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long field(long pid, String name) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (l.startsWith(name)) {
                return Long.parseLong(l.substring(name.length()).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    /** The launcher's JVM options (scripts/lib/supervisor-jvm.args), so we measure what ships. */
    private static String defaultJvmOpts() {
        return "@" + MODULE.getParent().resolve("scripts/lib/supervisor-jvm.args");
    }

    private static Path locateModule() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("supervisor/target")) ? here.resolve("supervisor") : here;
    }
}
