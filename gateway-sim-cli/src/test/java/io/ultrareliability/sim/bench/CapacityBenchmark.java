package io.ultrareliability.sim.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How many idle gateway sessions (IDENTIFY + a heartbeat every second) the simulator holds.
 * Not a test: run it by hand after {@code mvn package} (see docs/gateway-sim.md):
 * <pre>
 * java -cp gateway-sim-cli/target/test-classes \
 *   io.ultrareliability.sim.bench.CapacityBenchmark --sessions 1000 --hold 30
 * </pre>
 * The simulator runs as its own process ({@code java -jar gateway-sim-cli.jar}) so its memory and
 * CPU can be read from /proc; the clients share one JDK HttpClient in this JVM.
 */
public final class CapacityBenchmark {
    private static final String TOKEN = "bench-token";

    private CapacityBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int sessions = intArg(args, "--sessions", 1000);
        int holdSeconds = intArg(args, "--hold", 30);
        int batch = intArg(args, "--batch", 50);
        String jar = stringArg(args, "--jar", "gateway-sim-cli/target/gateway-sim-cli.jar");
        String heapArg = stringArg(args, "--sim-heap", "");

        Path dir = Files.createTempDirectory("sim-bench");
        Path portFile = dir.resolve("port");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (!heapArg.isEmpty()) {
            command.add("-Xmx" + heapArg);
        }
        command.addAll(List.of("-jar", jar, "--port", "0", "--token", TOKEN, "--heartbeat-interval", "1s",
                "--port-file", portFile.toString()));
        Process sim = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sim.log").toFile()).start();
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
        List<BenchSession> open = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(2)).build();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(portFile) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            if (!Files.exists(portFile)) {
                throw new IllegalStateException("simulator did not start: see " + dir.resolve("sim.log"));
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).stream()
                    .filter(l -> l.startsWith("port: ")).findFirst().orElseThrow().substring(6));
            URI gateway = URI.create("ws://127.0.0.1:" + port + "/gateway");
            long rssIdle = rssKb(sim.pid());
            System.out.printf("simulator pid %d on port %d, RSS idle %d MiB%n", sim.pid(), port, rssIdle / 1024);

            ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
            beats.scheduleAtFixedRate(() -> {
                synchronized (open) {
                    open.forEach(BenchSession::heartbeat);
                }
            }, 1, 1, TimeUnit.SECONDS);

            long t0 = System.nanoTime();
            int failed = 0;
            for (int started = 0; started < sessions; started += batch) {
                List<CompletableFuture<Void>> readies = new ArrayList<>();
                List<BenchSession> wave = new ArrayList<>();
                for (int i = started; i < Math.min(sessions, started + batch); i++) {
                    BenchSession s = new BenchSession(TOKEN, latencies::add);
                    wave.add(s);
                    readies.add(s.open(http, gateway));
                }
                for (int i = 0; i < wave.size(); i++) {
                    try {
                        readies.get(i).get(30, TimeUnit.SECONDS);
                        synchronized (open) {
                            open.add(wave.get(i));
                        }
                    } catch (Exception e) {
                        failed++;
                    }
                }
                if (failed > 0) {
                    System.out.printf("%d sessions failed to open after %d; stopping the ramp%n", failed, open.size());
                    break;
                }
            }
            double rampSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("opened %d sessions in %.1f s (%d failed)%n", open.size(), rampSeconds, failed);
            latencies.clear();
            long cpuBefore = cpuTicks(sim.pid());
            long holdStart = System.nanoTime();
            for (int s = 5; s <= holdSeconds; s += 5) {
                Thread.sleep(5_000);
                System.out.printf("t=%2ds sessions_open=%s closed=%d missed_acks=%d RSS=%d MiB%n", s,
                        statsField(http, port, "sessions_open"), open.stream().filter(BenchSession::isClosed).count(),
                        open.stream().mapToLong(BenchSession::missedAcks).sum(), rssKb(sim.pid()) / 1024);
            }
            double holdCpu = (cpuTicks(sim.pid()) - cpuBefore) / 100.0 / ((System.nanoTime() - holdStart) / 1e9);
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            long closed = open.stream().filter(BenchSession::isClosed).count();
            long missed = open.stream().mapToLong(BenchSession::missedAcks).sum();
            System.out.printf("RESULT sessions=%d held=%d closed=%d missed_acks=%d acks=%d ack_p50=%.1fms ack_p99=%.1fms"
                            + " ack_max=%.1fms sim_rss=%dMiB sim_cpu=%.0f%% of one core%n",
                    open.size(), open.size() - closed, closed, missed, sorted.length, pct(sorted, 50), pct(sorted, 99),
                    sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, rssKb(sim.pid()) / 1024, holdCpu * 100);
            if (closed > 0) {
                System.out.println("close codes: " + Arrays.toString(open.stream().filter(BenchSession::isClosed)
                        .map(BenchSession::closeCode).distinct().toArray()));
            }
        } finally {
            beats.shutdownNow();
            synchronized (open) {
                open.forEach(BenchSession::abort);
            }
            sim.destroy();
            if (!sim.waitFor(15, TimeUnit.SECONDS)) {
                sim.destroyForcibly();
            }
            http.close();
            System.exit(0);
        }
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static String statsField(HttpClient http, int port, String field) {
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_sim/stats"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            int at = body.indexOf("\"" + field + "\":");
            int start = at + field.length() + 3;
            int end = start;
            while (end < body.length() && Character.isDigit(body.charAt(end))) {
                end++;
            }
            return body.substring(start, end);
        } catch (IOException | InterruptedException | RuntimeException e) {
            return "?(" + e.getClass().getSimpleName() + ")";
        }
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** utime + stime of the process, in clock ticks (100 per second on Linux). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static int intArg(String[] args, String name, int fallback) {
        return Integer.parseInt(stringArg(args, name, Integer.toString(fallback)));
    }

    private static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
