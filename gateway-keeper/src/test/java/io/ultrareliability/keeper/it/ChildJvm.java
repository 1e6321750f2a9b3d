package io.ultrareliability.keeper.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM (main class on the test's own class path (the keeper's main, or {@link CountingBot}): stdout
 * lines kept for the test and copied, with stderr, to a log file a failing test names.
 */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
        Thread reader = new Thread(this::pump, "proc-out-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    static ChildJvm java(String mainClass, Map<String, String> env, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), mainClass);
        pb.environment().keySet().removeIf(k -> k.startsWith("DISCORD_") || k.startsWith("KEEPER_"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Files.createDirectories(log.getParent());
        return new ChildJvm(pb.start(), log);
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); PrintWriter w = new PrintWriter(Files.newBufferedWriter(log,
                        StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND), true)) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
                w.println(line);
            }
        } catch (IOException ignored) {
            // the process is gone
        }
    }

    List<String> lines() {
        return lines;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** SIGKILL: no shutdown hook, no last write. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("pid " + process.pid() + " still alive 10 s after SIGKILL");
        }
    }

    /** SIGTERM, then waits for the exit (bounded). */
    int sigterm(Duration bound) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("pid " + process.pid() + " did not exit within " + bound + " of SIGTERM; log "
                    + log);
        }
        return process.exitValue();
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
