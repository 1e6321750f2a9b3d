package io.ultrareliability.keeper.it;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A jar run as a real process with its output in files; killed (-9) at close. */
final class Proc implements AutoCloseable {
    private final Process process;
    private final Path out;
    private final Path err;

    private Proc(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static Proc start(Path jar, Map<String, String> env, Path dir) throws IOException {
        if (!Files.isRegularFile(jar)) {
            fail("jar missing at " + jar + ": integration tests run after package");
        }
        Files.createDirectories(dir);
        Path out = Files.createTempFile(dir, "stdout", ".log");
        Path err = Files.createTempFile(dir, "stderr", ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("DISCORD_") || k.startsWith("BOT_")
                || k.startsWith("KEEPER_") || k.equals("ULTRA_HOME") || k.equals("CREDENTIALS_DIRECTORY"));
        pb.environment().putAll(env);
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        pb.directory(dir.toFile());
        return new Proc(pb.start(), out, err);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    String output() {
        try {
            return Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
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

    Optional<Integer> exitCode(Duration timeout) throws InterruptedException {
        if (process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            return Optional.of(process.exitValue());
        }
        return Optional.empty();
    }

    String tail() {
        String all = output();
        return all.length() > 4000 ? all.substring(all.length() - 4000) : all;
    }

    /** SIGKILL: no shutdown hook, no close frame; the socket just dies. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill9();
    }
}
