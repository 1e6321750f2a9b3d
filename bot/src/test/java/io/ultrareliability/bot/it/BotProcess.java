package io.ultrareliability.bot.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.fail;

/**
 * The real bot jar ({@code target/bot.jar}) as a child process, with its stdout and stderr in
 * files so a test can read (and grep) everything it wrote. Every HTTP answer it gives a test is
 * remembered too, for the "token appears nowhere" checks.
 */
final class BotProcess implements AutoCloseable {
    static final Path JAR = Path.of("target", "bot.jar").toAbsolutePath();
    private static final Pattern HEALTH_LINE = Pattern.compile("health: http://127\\.0\\.0\\.1:(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The bearer secret of POST /reconnect, given to every bot a test starts (unless it sets its own). */
    static final String CONTROL_SECRET = "it-control-" + java.util.UUID.randomUUID();

    private final Process process;
    private final Path dir;
    private final Path out;
    private final Path err;
    private final List<String> httpAnswers = Collections.synchronizedList(new ArrayList<>());
    private int healthPort = -1;

    private BotProcess(Process process, Path dir, Path out, Path err) {
        this.process = process;
        this.dir = dir;
        this.out = out;
        this.err = err;
    }

    static List<String> command(List<String> args) {
        return command(List.of(), args);
    }

    /**
     * @param jvmFlags extra JVM options, before {@code -jar}; with an {@code -XX:AOT...} one there is
     *                 no {@code -Xshare} (the JVM refuses to start with both)
     */
    static List<String> command(List<String> jvmFlags, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        if (jvmFlags.stream().noneMatch(f -> f.startsWith("-XX:AOT"))) {
            cmd.add("-Xshare:auto");
        }
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-jar", JAR.toString()));
        cmd.addAll(args);
        return cmd;
    }

    static BotProcess start(Map<String, String> env, String... args) throws IOException {
        return start(env, List.of(), args);
    }

    static BotProcess start(Map<String, String> env, List<String> jvmFlags, String... args) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            fail("bot jar missing at " + JAR + ": integration tests run after package");
        }
        Path dir = Files.createTempDirectory("bot-it");
        Path out = dir.resolve("stdout.log");
        Path err = dir.resolve("stderr.log");
        ProcessBuilder pb = new ProcessBuilder(command(jvmFlags, List.of(args)));
        scrub(pb.environment());
        pb.environment().putAll(env);
        pb.environment().putIfAbsent("BOT_CONTROL_SECRET", CONTROL_SECRET);
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        pb.directory(dir.toFile());
        return new BotProcess(pb.start(), dir, out, err);
    }

    /** No DISCORD_* or BOT_* from the developer's shell may leak into a test. */
    static void scrub(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("DISCORD_") || k.startsWith("BOT_") || k.equals("CREDENTIALS_DIRECTORY"));
    }

    Process process() {
        return process;
    }

    long pid() {
        return process.pid();
    }

    String stdout() {
        return read(out);
    }

    String stderr() {
        return read(err);
    }

    /** Everything the bot wrote plus every HTTP answer a test got from it. */
    String everything() {
        synchronized (httpAnswers) {
            return stdout() + "\n" + stderr() + "\n" + String.join("\n", httpAnswers);
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int healthPort() {
        if (healthPort < 0) {
            await(Duration.ofSeconds(20), "the bot to print its health port", () -> {
                Matcher m = HEALTH_LINE.matcher(stdout());
                if (m.find()) {
                    healthPort = Integer.parseInt(m.group(1));
                    return true;
                }
                return false;
            });
        }
        return healthPort;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).GET().build());
    }

    HttpResponse<String> post(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(35))
                .header("Authorization", "Bearer " + CONTROL_SECRET)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    JsonNode json(String path) {
        try {
            return JSON.readTree(get(path).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + healthPort() + path);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            httpAnswers.add(r.headers().map() + " " + r.body());
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The process's resident set in bytes (Linux /proc), -1 when unknown. */
    long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    int healthStatus() {
        try {
            return get("/health").statusCode();
        } catch (UncheckedIOException e) {
            return -1;
        }
    }

    void awaitHealthy(Duration timeout) {
        await(timeout, "/health 200", () -> healthStatus() == 200);
    }

    /** Polls every 50 ms until true; fails naming what it waited for, with the bot's last output. */
    void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            if (!process.isAlive()) {
                fail("bot exited with " + process.exitValue() + " while waiting for " + what + "\n" + tail());
            }
            sleep(50);
        }
        fail("timed out after " + timeout.toMillis() + " ms waiting for " + what + "\n" + tail());
    }

    /** Like {@link #await} for conditions that do not need the bot alive. */
    static void awaitTrue(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            sleep(50);
        }
        fail("timed out after " + timeout.toMillis() + " ms waiting for " + what);
    }

    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("bot still running after " + timeout.toMillis() + " ms\n" + tail());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String tail() {
        List<String> lines = stdout().lines().toList();
        return "--- last bot output ---\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40),
                lines.size())) + "\n--- stderr ---\n" + stderr();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
