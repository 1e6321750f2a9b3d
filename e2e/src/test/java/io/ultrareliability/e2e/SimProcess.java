package io.ultrareliability.e2e;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway simulator as its own process ({@code java -jar gateway-sim-cli.jar}), on a free port,
 * with its fault switches ({@code POST /_sim/...}) and stats ({@code GET /_sim/stats}).
 */
public final class SimProcess implements AutoCloseable {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

    private final Process process;
    private final Path dir;
    private final String restBase;
    private final String control;

    private SimProcess(Process process, Path dir, String restBase, String control) {
        this.process = process;
        this.dir = dir;
        this.restBase = restBase;
        this.control = control;
    }

    /** Starts the simulator accepting these tokens, heartbeat 1 s; waits for its port file. */
    public static SimProcess start(Path dir, List<String> tokens) throws IOException {
        return start(dir, tokens, Duration.ofSeconds(1));
    }

    /** The same with the heartbeat interval the simulator announces in HELLO. */
    public static SimProcess start(Path dir, List<String> tokens, Duration heartbeat) throws IOException {
        requireNonNull(tokens, "tokens is null");
        requireNonNull(heartbeat, "heartbeat is null");
        Files.createDirectories(dir);
        Path portFile = dir.resolve("sim.port");
        Files.deleteIfExists(portFile); // one from an earlier run would name a dead port
        List<String> cmd = new ArrayList<>(List.of(E2e.JAVA, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xshare:auto", "-Xmx128m", "-jar", E2e.jar("gateway-sim-cli").toString(), "--port", "0",
                "--port-file", portFile.toString(), "--heartbeat-interval", heartbeat.toMillis() + "ms"));
        // Simulator tokens are test values, not secrets (the bot's tokens go only through env).
        for (String t : tokens) {
            cmd.add("--token");
            cmd.add(t);
        }
        Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("sim.out").toFile()).redirectError(dir.resolve("sim.err").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.isRegularFile(portFile)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("gateway-sim did not start: " + E2e.read(dir.resolve("sim.err")));
            }
            E2e.sleepMs(20);
        }
        String rest = null;
        String ctl = null;
        for (String line : Files.readAllLines(portFile)) {
            if (line.startsWith("rest: ")) {
                rest = line.substring(6).strip();
            } else if (line.startsWith("control: ")) {
                ctl = line.substring(9).strip();
            }
        }
        if (rest == null || ctl == null) {
            p.destroyForcibly();
            throw new IllegalStateException("unexpected port file: " + E2e.read(portFile));
        }
        return new SimProcess(p, dir, rest, ctl.endsWith("/") ? ctl : ctl + "/");
    }

    /** The REST base for DISCORD_API_BASE_URL. */
    public String restBase() {
        return restBase;
    }

    public long pid() {
        return process.pid();
    }

    /** The control base, {@code http://127.0.0.1:P/_sim/}. */
    public String controlUrl() {
        return control;
    }

    /** POST /_sim/{route}; fails the test unless the simulator says ok. */
    public void fault(String routeAndQuery) {
        E2e.Answer a = E2e.post(control + routeAndQuery, CALL_TIMEOUT);
        if (a.status() != 200) {
            throw new AssertionError("POST /_sim/" + routeAndQuery + " answered " + a.status() + ": " + a.body());
        }
    }

    public void fault(String route, String jsonBody) {
        E2e.Answer a = E2e.post(control + route, jsonBody, CALL_TIMEOUT);
        if (a.status() != 200) {
            throw new AssertionError("POST /_sim/" + route + " answered " + a.status() + ": " + a.body());
        }
    }

    /** GET /_sim/stats, or null when it did not answer. */
    public JsonNode stats() {
        E2e.Answer a = E2e.get(control + "stats", CALL_TIMEOUT);
        return a.status() == 200 ? a.json() : null;
    }

    /** Open sessions of this token now (-1 when the stats did not answer). */
    public int sessionsOf(String token) {
        JsonNode s = stats();
        return s == null ? -1 : s.path("sessions_open_by_token").path(fingerprint(token)).asInt(0);
    }

    /** This token's figures in the stats ({@code tokens.<fingerprint>}); a missing node when the stats did not answer. */
    public JsonNode tokenStats(String token) {
        JsonNode s = stats();
        return s == null ? E2e.JSON.missingNode() : s.path("tokens").path(fingerprint(token));
    }

    /** The {@code interactions} figures (injected, acknowledged_in_time, failed, completed, late_callbacks). */
    public JsonNode interactions() {
        JsonNode s = stats();
        return s == null ? E2e.JSON.missingNode() : s.path("interactions");
    }

    public long counter(String name) {
        JsonNode s = stats();
        return s == null ? -1 : s.path(name).asLong(-1);
    }

    /** The simulator's key for a token in its stats: "tok-" + 8 hex digits of SHA-256. */
    public static String fingerprint(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return "tok-" + HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String log() {
        return E2e.read(dir.resolve("sim.out")) + E2e.read(dir.resolve("sim.err"));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
