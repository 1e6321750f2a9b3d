package io.ultrareliability.supervisor.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code supervisor.jar run --daemon} as a process on a temporary home, as the
 * benchmarks start it, and the {@code /proc} readings they take of it from the outside.
 * {@link #close()} stops it and deletes the home.
 */
final class BenchSupervisor implements AutoCloseable {
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final Path MODULE = locateModule();

    final Path home;
    final Process process;

    /** @param yaml the whole {@code config/ultra-reliability.yml} */
    BenchSupervisor(String yaml, String jvmOpts) throws IOException {
        home = Files.createTempDirectory("ur-bench");
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
        process = pb.start();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + home + ": " + e.getMessage());
        }
    }

    /** The launcher's JVM options (scripts/lib/supervisor-jvm.args), so we measure what ships. */
    static String defaultJvmOpts() {
        return "@" + MODULE.getParent().resolve("scripts/lib/supervisor-jvm.args");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** utime + stime (fields 14, 15 of /proc/PID/stat), in clock ticks. */
    static long cpuTicks(long pid) throws IOException {
        String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** A number from /proc/PID/status such as {@code VmRSS:} (kB) or {@code Threads:}; -1 if absent. */
    static long field(long pid, String name) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    private static Path locateModule() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("supervisor/target")) ? here.resolve("supervisor") : here;
    }
}
