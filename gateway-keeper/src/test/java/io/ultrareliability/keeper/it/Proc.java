package io.ultrareliability.keeper.it;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child JVM (a jar, or a main class on the test's own class path such as the keeper's main or
 * {@link CountingBot}) run as a real process: its output (stdout and stderr together) kept as
 * lines for the test and copied to a log file a failing test names. Killed (-9) at close.
 */
final class Proc implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread pump;

    private Proc(ProcessBuilder pb, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        pb.redirectErrorStream(true);
        this.process = pb.start();
        this.log = log;
        this.pump = Thread.ofPlatform().daemon().name("proc-out-" + process.pid()).start(this::pump);
    }

    /** {@code java -jar jar} in {@code dir}, its output in a new log file there. */
    static Proc start(Path jar, Map<String, String> env, Path dir) throws IOException {
        if (!Files.isRegularFile(jar)) {
            fail("jar missing at " + jar + ": integration tests run after package");
        }
        Files.createDirectories(dir);
        ProcessBuilder pb = new ProcessBuilder(javaBinary(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xshare:auto", "-jar", jar.toString());
        pb.directory(dir.toFile());
        return new Proc(withEnv(pb, env), Files.createTempFile(dir, "output", ".log"));
    }

    /** {@code mainClass} from the test's class path, its output appended to {@code log}. */
    static Proc java(String mainClass, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(javaBinary(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), mainClass);
        return new Proc(withEnv(pb, env), log);
    }

    private static ProcessBuilder withEnv(ProcessBuilder pb, Map<String, String> env) {
        // The test JVM's own settings never leak into a child: only what the test gives.
        pb.environment().keySet().removeIf(k -> k.startsWith("DISCORD_") || k.startsWith("BOT_")
                || k.startsWith("KEEPER_") || k.equals("ULTRA_HOME") || k.equals("CREDENTIALS_DIRECTORY"));
        pb.environment().putAll(env);
        return pb;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); PrintWriter w = new PrintWriter(Files.newBufferedWriter(log,
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND), true)) {
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

    /** Everything printed so far, one line per line. */
    String output() {
        return String.join("\n", new ArrayList<>(lines));
    }

    String tail() {
        String all = output();
        return all.length() > 4000 ? all.substring(all.length() - 4000) : all;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The first group of {@code pattern} once it appears in the output. */
    String awaitMatch(Pattern pattern, Duration timeout) {
        String[] found = new String[1];
        Waits.until(timeout, () -> "output matching " + pattern + " (output so far:\n" + tail() + ")", () -> {
            Matcher m = pattern.matcher(output());
            if (m.find()) {
                found[0] = m.group(1);
                return true;
            }
            if (!process.isAlive()) {
                fail("process exited " + process.exitValue() + " before printing " + pattern + ":\n" + tail());
            }
            return false;
        });
        return found[0];
    }

    /** The exit code once the process ended within {@code timeout}, with all its output read. */
    Optional<Integer> exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return Optional.empty();
        }
        pump.join(Duration.ofSeconds(10));
        return Optional.of(process.exitValue());
    }

    /** SIGKILL: no shutdown hook, no close frame, no last write; the socket just dies. */
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

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
