package io.ultrareliability.supervisor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The supervisor benchmark (not a test): detection latency per fault, kill -9 to a child
 * answering HTTP again, and the supervisor's own idle CPU and RSS. Run from the checkout
 * after {@code mvn -pl supervisor -am verify} (see docs/perf.md):
 *
 * <pre>
 * java -cp "supervisor/target/test-classes:supervisor/target/supervisor.jar" \
 *   io.ultrareliability.supervisor.bench.SupervisorBench [--idle-seconds 60] [--kills 10] [--jvm-opts "..."]
 *   [--idle-only]
 * </pre>
 *
 * It starts the real supervisor jar as a process, with a fast Python child (the shape of
 * the bot's /health) or the JVM FakeChild, and measures from the outside.
 */
public final class SupervisorBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final Path MODULE = locateModule();

    private SupervisorBench() {
    }

    public static void main(String[] args) throws Exception {
        int idleSeconds = 60;
        int kills = 10;
        String jvmOpts = defaultJvmOpts();
        boolean idleOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--idle-only" -> idleOnly = true;
                case "--idle-seconds" -> idleSeconds = Integer.parseInt(args[++i]);
                case "--kills" -> kills = Integer.parseInt(args[++i]);
                case "--jvm-opts" -> jvmOpts = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + cpuModel() + "; java " + Runtime.version());
        System.out.println("supervisor JVM options: " + jvmOpts);
        String python = realPython();
        Path fastChild = MODULE.resolve("target/test-classes/bench/fast_child.py");
        List<String> fast = List.of(python, fastChild.toString());
        if (idleOnly) {
            idleBench(fast, idleSeconds, jvmOpts);
            return;
        }
        List<String> jvmChild = List.of(JAVA, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", MODULE.resolve("target/test-classes").toString(),
                "io.ultrareliability.supervisor.testkit.FakeChild");

        System.out.printf("cold start to HTTP 200 without supervisor: python child %s ms, JVM FakeChild %s ms%n",
                summary(coldStarts(fast, 5)), summary(coldStarts(jvmChild, 5)));

        killBench("python child", fast, kills, jvmOpts);
        killBench("JVM FakeChild", jvmChild, Math.max(3, kills / 2), jvmOpts);
        hangBench(fast, jvmOpts);
        memoryBench(jvmChild, jvmOpts);
        idleBench(fast, idleSeconds, jvmOpts);
    }

    /** kill -9 of a child that has been stable: detection, respawn and HTTP-again times. */
    private static void killBench(String name, List<String> child, int n, String jvmOpts) throws Exception {
        try (Sup sup = new Sup(child, "restart:\n  reset_after: 1s\n", jvmOpts)) {
            List<Double> detect = new ArrayList<>();
            List<Double> spawn = new ArrayList<>();
            List<Double> http = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                JsonNode s = sup.awaitRunningFor(Duration.ofMillis(1500));
                long pid = s.path("child").path("pid").asLong();
                int before = s.path("restart_history").size();
                ProcessHandle victim = ProcessHandle.of(pid).orElseThrow();
                Instant t0 = Instant.now();
                long n0 = System.nanoTime();
                victim.destroyForcibly(); // SIGKILL, without the cost of spawning kill(1)
                await("answering HTTP", Duration.ofSeconds(30), () -> sup.healthy() ? true : null);
                http.add((System.nanoTime() - n0) / 1e6);
                JsonNode after = await("restart recorded", Duration.ofSeconds(30), () -> {
                    JsonNode j = sup.status();
                    return j != null && j.path("restart_history").size() > before
                            && j.path("child").path("pid").asLong() != pid ? j : null;
                });
                Instant at = Instant.parse(after.path("restart_history").get(0).path("at").asText());
                Instant started = Instant.parse(after.path("child").path("started_at").asText());
                detect.add(Duration.between(t0, at).toNanos() / 1e6);
                spawn.add(Duration.between(t0, started).toNanos() / 1e6);
            }
            System.out.printf("kill -9 (%s, %d runs): crash noticed+reaped %s ms; replacement spawned %s ms; "
                    + "answering HTTP again %s ms%n", name, n, summary(detect), summary(spawn), summary(http));
        }
    }

    /** SIGSTOP with the default probe settings (every 5s, timeout 2s, 3 failures). */
    private static void hangBench(List<String> child, String jvmOpts) throws Exception {
        try (Sup sup = new Sup(child, "health:\n  startup_interval: 20ms\n", jvmOpts)) {
            JsonNode s = sup.awaitRunningFor(Duration.ofSeconds(1));
            long pid = s.path("child").path("pid").asLong();
            Instant t0 = Instant.now();
            kill(pid, "STOP");
            JsonNode r = await("hang restart", Duration.ofSeconds(60), () -> {
                JsonNode j = sup.status();
                return j != null && j.path("restart_history").size() > 0 ? j.path("restart_history").get(0) : null;
            });
            Instant at = Instant.parse(r.path("at").asText());
            System.out.printf("hang (SIGSTOP), defaults interval 5s/timeout 2s/3 failures: stopped and restarted "
                    + "%.0f ms after the SIGSTOP (reason %s, the hung child ended by %s)%n",
                    Duration.between(t0, at).toNanos() / 1e6, r.path("reason").asText(),
                    r.path("signal").isNull() ? "exit " + r.path("exit_code") : r.path("signal").asText());
        }
    }

    /** A leak of 200 MiB after 1 s against a 128 MiB limit, default sampling (5s, 2 samples). */
    private static void memoryBench(List<String> jvmChild, String jvmOpts) throws Exception {
        List<String> child = new ArrayList<>(jvmChild);
        child.addAll(List.of("--leak-mb", "200", "--leak-after", "1000"));
        try (Sup sup = new Sup(child, "memory:\n  max_rss: 128MiB\n", jvmOpts)) {
            JsonNode s = sup.awaitRunningFor(Duration.ZERO);
            Instant leakAt = Instant.parse(s.path("child").path("started_at").asText()).plusMillis(1000);
            JsonNode r = await("memory restart", Duration.ofSeconds(60), () -> {
                JsonNode j = sup.status();
                return j != null && j.path("restart_history").size() > 0 ? j.path("restart_history").get(0) : null;
            });
            System.out.printf("memory (RSS over max_rss), defaults interval 5s/2 samples: restart %.0f ms after "
                    + "the leak (reason %s)%n", Duration.between(leakAt, Instant.parse(r.path("at").asText()))
                    .toNanos() / 1e6, r.path("reason").asText());
        }
    }

    /** The supervisor's own CPU and RSS while it watches a healthy child with the defaults. */
    private static void idleBench(List<String> child, int seconds, String jvmOpts) throws Exception {
        try (Sup sup = new Sup(child, "", jvmOpts)) {
            sup.awaitRunningFor(Duration.ofSeconds(10));
            long pid = sup.process.pid();
            long ticks0 = cpuTicks(pid);
            long t0 = System.nanoTime();
            long maxRss = 0;
            long sumRss = 0;
            int samples = 0;
            while (System.nanoTime() - t0 < seconds * 1_000_000_000L) {
                long rss = rssKb(pid);
                maxRss = Math.max(maxRss, rss);
                sumRss += rss;
                samples++;
                Thread.sleep(1000);
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            double cpuPct = (cpuTicks(pid) - ticks0) / 100.0 / elapsed * 100.0;
            System.out.printf(Locale.ROOT, "idle over %.0f s: supervisor CPU %.3f%% of one core; RSS mean %.1f MiB, "
                    + "max %.1f MiB (of which anonymous %.1f MiB; PSS %.1f MiB); threads %d%n", elapsed, cpuPct,
                    sumRss / (double) samples / 1024, maxRss / 1024.0, field(pid, "RssAnon:") / 1024.0,
                    pssKb(pid) / 1024.0, threads(pid));
        }
    }

    // ---- plumbing ----

    private static final class Sup implements AutoCloseable {
        final Path home;
        final int port;
        final Process process;

        Sup(List<String> child, String extraYaml, String jvmOpts) throws IOException {
            home = Files.createTempDirectory("ur-bench");
            port = freePort();
            StringBuilder y = new StringBuilder("child:\n  command:\n");
            child.forEach(a -> y.append("    - \"").append(a).append("\"\n"));
            y.append("health:\n  url: http://127.0.0.1:").append(port).append("/health\n");
            String extra = extraYaml.startsWith("health:\n") ? extraYaml.substring("health:\n".length()) : null;
            if (extra != null) {
                y.append(extra);
            } else {
                y.append(extraYaml);
            }
            Files.createDirectories(home.resolve("config"));
            Files.writeString(home.resolve("config/ultra-reliability.yml"), y.toString());
            List<String> cmd = new ArrayList<>();
            cmd.add(JAVA);
            cmd.addAll(Arrays.asList(jvmOpts.trim().split("\\s+")));
            cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-jar",
                    MODULE.resolve("target/supervisor.jar").toString(), "run", "--daemon"));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile())
                    .redirectOutput(home.resolve("out.txt").toFile()).redirectErrorStream(true);
            pb.environment().put("ULTRA_HOME", home.toString());
            process = pb.start();
        }

        JsonNode status() {
            try {
                return JSON.readTree(Files.readAllBytes(home.resolve("ultra_reliability_status.json")));
            } catch (IOException e) {
                return null;
            }
        }

        boolean healthy() {
            return answers(port);
        }

        /** Waits for state running that has lasted at least {@code stable}. */
        JsonNode awaitRunningFor(Duration stable) {
            return await("running for " + stable, Duration.ofSeconds(60), () -> {
                JsonNode j = status();
                return j != null && j.path("child").path("state").asText().equals("running")
                        && j.path("child").path("uptime_seconds").asDouble() * 1000 >= stable.toMillis() ? j : null;
            });
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not delete " + home + ": " + e.getMessage());
            }
        }
    }

    private static List<Double> coldStarts(List<String> child, int n) throws Exception {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int port = freePort();
            ProcessBuilder pb = new ProcessBuilder(child).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("BOT_HEALTH_PORT", Integer.toString(port));
            long t0 = System.nanoTime();
            Process p = pb.start();
            await("cold start", Duration.ofSeconds(30), () -> answers(port) ? true : null);
            out.add((System.nanoTime() - t0) / 1e6);
            p.destroyForcibly().waitFor();
        }
        return out;
    }

    /**
     * One HTTP/1.0 GET /health on a plain socket: a refused connection costs microseconds, so
     * polling every few ms does not steal the CPU the starting child needs (2 cores).
     */
    static boolean answers(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 300);
            s.setSoTimeout(1000);
            s.getOutputStream().write("GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".getBytes());
            byte[] head = s.getInputStream().readNBytes(12);
            return new String(head).startsWith("HTTP/1.") && new String(head).endsWith("200");
        } catch (IOException e) {
            return false;
        }
    }

    static String summary(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        v.sort(Double::compare);
        return String.format(Locale.ROOT, "median %.1f (min %.1f, max %.1f)", v.get(v.size() / 2), v.get(0),
                v.get(v.size() - 1));
    }

    private static <T> T await(String what, Duration max, Supplier<T> probe) {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            T t = probe.get();
            if (t != null) {
                return t;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            try {
                Thread.sleep(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static void kill(long pid, String sig) throws Exception {
        new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).start().waitFor();
    }

    private static long cpuTicks(long pid) throws IOException {
        String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime (fields 14, 15)
    }

    private static long rssKb(long pid) throws IOException {
        return field(pid, "VmRSS:");
    }

    /** Proportional set size: shared pages (libjvm, the CDS archive) divided among their users. */
    private static long pssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
            if (line.startsWith("Pss:")) {
                return Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    private static long threads(long pid) throws IOException {
        return field(pid, "Threads:");
    }

    private static long field(long pid, String name) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    /** The interpreter behind pyenv's shim (the shim is a bash script: slow to start). */
    private static String realPython() throws Exception {
        Process p = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").start();
        String exe = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return exe.isEmpty() ? "python3" : exe;
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
