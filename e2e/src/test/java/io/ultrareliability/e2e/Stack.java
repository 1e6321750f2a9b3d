package io.ultrareliability.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One whole stack on 127.0.0.1: the gateway simulator, the supervisor ({@code supervisor.jar run})
 * and, as its default child, the bot. Everything lives under one home directory in
 * {@code e2e/target/stacks/}, and {@link #close()} leaves no process that mentions it.
 */
public final class Stack implements AutoCloseable {
    /**
     * Short intervals so a fault matrix fits in minutes. The liveness probe has the supervisor's
     * default threshold (3 failures in a row), faster: every 2 s (default 5 s), 500 ms to answer
     * (default 2 s). A hung bot is noticed within 3 x 2.5 s ({@link Bounds#LIVENESS_WINDOW}). A bot
     * that exits by itself (75, 78) refuses connections on /health while its JVM is still exiting
     * (1.7 s seen at load 15): 3 refused probes take at least 2 x 2 s, so its own exit code, not
     * "unhealthy", decides (with 500 ms probes it did not: docs/e2e.md). The bot's 503 while it
     * reconnects is alive-but-not-ready and never counts toward the threshold;
     * health.not_ready_timeout keeps its default (5m) unless a row is about it.
     */
    private static final String BASE_YAML = """
            health:
              url: http://127.0.0.1:%d/health
              interval: 2s
              timeout: 500ms
              failure_threshold: 3
              startup_grace: 30s
              startup_interval: 100ms
            heartbeat:
              max_age: 0s
              failure_threshold: 2
            memory:
              max_rss: 1GiB
              interval: 1s
              samples: 2
            restart:
              initial_delay: 200ms
              max_delay: 2s
              reset_after: 3s
              crash_loop_failures: 50
            stop:
              grace: 3s
            log_triggers: ["OutOfMemoryError", "unknown command /e2e_fatal_trigger"]
            web:
              port: 0
            """;

    /**
     * The keeper, when a stack runs it: its own free port (the default 8792 would collide with
     * other stacks), probes, restart delays and stop grace as the bot's above, so the same
     * {@link Bounds} hold for it.
     */
    private static final String KEEPER_YAML = """
            keeper:
              enabled: true
              port: %d
              health:
                interval: 2s
                timeout: 500ms
                failure_threshold: 3
                startup_grace: 30s
                startup_interval: 100ms
              restart:
                initial_delay: 200ms
                max_delay: 2s
                reset_after: 3s
              stop:
                grace: 3s
            """;

    public final Path home;
    public final int healthPort;
    public final SimProcess sim;
    public final String token;
    private final Map<String, String> env;
    private final List<String> sets;
    private final List<Process> launched = new ArrayList<>();
    private Process supervisor;
    private int launches;

    private Stack(Path home, SimProcess sim, String token, Map<String, String> env, List<String> sets, int healthPort) {
        this.home = home;
        this.sim = sim;
        this.token = token;
        this.env = env;
        this.sets = sets;
        this.healthPort = healthPort;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** What a stack is made of; {@link #start()} launches it and waits until the bot is healthy. */
    public static final class Builder {
        private final String name;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> sets = new ArrayList<>();
        private final List<String> extraTokens = new ArrayList<>();
        private String token = "e2e-token-" + Long.toHexString(System.nanoTime());
        private boolean tokenInEnv = true;
        private boolean awaitHealthy = true;
        private Boolean keeper = false;
        private Duration simHeartbeat = Duration.ofSeconds(1);

        private Builder(String name) {
            this.name = name;
            env.put("DISCORD_HEARTBEAT_TIMEOUT", "5s");
            env.put("DISCORD_RECONNECT_DELAY", "200ms");
            env.put("DISCORD_MAX_RECONNECT_DELAY", "2s");
            env.put("DISCORD_CONNECTION_TIMEOUT", "5s");
            env.put("DISCORD_MAX_RECONNECT_ATTEMPTS", "10");
            env.put("DISCORD_STABLE_AFTER", "2s");
            env.put("DISCORD_SUMMARY_INTERVAL", "1m");
            // Training the AOT cache costs a JVM start and a ~60 MiB dump at every stack start;
            // only the rows about it (AotCacheIT, the soak) turn it on with aotCache().
            env.put("ULTRA_CHILD_AOT_CACHE", "off");
        }

        /** The supervisor trains and uses the JDK 25 AOT cache, as it does by default in production. */
        public Builder aotCache() {
            env.put("ULTRA_CHILD_AOT_CACHE", "auto");
            return this;
        }

        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        /** A supervisor setting ({@code --set key=value}), over the stack's YAML. */
        public Builder set(String keyValue) {
            sets.add(keyValue);
            return this;
        }

        /** Another token the simulator accepts (for rotation). */
        public Builder alsoAccept(String other) {
            extraTokens.add(other);
            return this;
        }

        /** The bot gets no DISCORD_TOKEN; the test names a DISCORD_TOKEN_FILE with env(). */
        public Builder tokenNotInEnv() {
            tokenInEnv = false;
            return this;
        }

        /**
         * The supervisor runs gateway-keeper and the bot behind it ({@code keeper.enabled: true}),
         * or the bot alone, straight to the simulator ({@code false}: the behaviour before issue 17).
         */
        public Builder keeper(boolean enabled) {
            keeper = enabled;
            return this;
        }

        /** The heartbeat interval the simulator announces (1 s unless a row needs Discord's pace). */
        public Builder simHeartbeat(Duration interval) {
            simHeartbeat = interval;
            return this;
        }

        public Builder dontAwaitHealthy() {
            awaitHealthy = false;
            return this;
        }

        public Stack start() throws IOException {
            Path home = Files.createDirectories(Path.of("target", "stacks").toAbsolutePath())
                    .resolve(name + "-" + System.currentTimeMillis());
            Files.createDirectories(home.resolve("config"));
            List<String> tokens = new ArrayList<>(List.of(token));
            tokens.addAll(extraTokens);
            SimProcess sim = SimProcess.start(home.resolve("sim"), tokens, simHeartbeat);
            Map<String, String> e = new LinkedHashMap<>(env);
            e.put("DISCORD_API_BASE_URL", sim.restBase());
            if (tokenInEnv) {
                e.put("DISCORD_TOKEN", token);
            }
            int port = E2e.freePort();
            Stack stack = new Stack(home, sim, token, e, List.copyOf(sets), port);
            try {
                Files.writeString(home.resolve("config/ultra-reliability.yml"), BASE_YAML.formatted(port)
                        + (keeper == null ? "" : Boolean.TRUE.equals(keeper) ? KEEPER_YAML.formatted(E2e.freePort())
                                : "keeper:\n  enabled: false\n"));
                stack.supervisor = stack.launchSupervisor();
                if (awaitHealthy) {
                    // with the keeper, the bot starts once the keeper runs: one more cold start first
                    stack.awaitRecovered(Boolean.TRUE.equals(keeper)
                            ? Bounds.of(Bounds.SUPERVISOR_START, Bounds.COLD_START, Bounds.STARTUP_GRACE)
                            : Bounds.of(Bounds.SUPERVISOR_START, Bounds.STARTUP_GRACE), "the first start");
                }
                return stack;
            } catch (RuntimeException | Error | IOException ex) {
                stack.close();
                throw ex;
            }
        }
    }

    /** {@code supervisor.jar run} as a child of this test, output in run-N.out. */
    public Process launchSupervisor(String... extraArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(E2e.JAVA, "-Xms16m", "-Xmx96m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xss512k", "--enable-native-access=ALL-UNNAMED", "-jar", E2e.jar("supervisor").toString(),
                "run", "--home", home.toString()));
        for (String s : sets) {
            cmd.add("--set");
            cmd.add(s);
        }
        cmd.addAll(List.of(extraArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile());
        environment(pb.environment());
        launches++;
        pb.redirectOutput(home.resolve("run-" + launches + ".out").toFile());
        pb.redirectError(home.resolve("run-" + launches + ".err").toFile());
        Process p = pb.start();
        launched.add(p);
        supervisor = p;
        return p;
    }

    /** The environment every process of the stack gets: nothing of the developer's shell's DISCORD_*, ULTRA_*, BOT_*. */
    public void environment(Map<String, String> pe) {
        pe.keySet().removeIf(k -> k.startsWith("DISCORD_") || k.startsWith("ULTRA_") || k.startsWith("BOT_")
                || k.equals("CREDENTIALS_DIRECTORY") || k.equals("NOTIFY_SOCKET"));
        pe.put("ULTRA_HOME", home.toString());
        pe.put("ULTRA_SRC", E2e.root().toString());
        pe.put("ULTRA_JAVA", E2e.JAVA);
        pe.put("JAVA_HOME", System.getProperty("java.home"));
        pe.putAll(env);
    }

    public Process supervisor() {
        return supervisor;
    }

    /** Makes p (one this stack launched) the supervisor that terminateSupervisor() signals. */
    public void adopt(Process p) {
        if (!launched.contains(p)) {
            throw new IllegalArgumentException("not launched by this stack: " + p.pid());
        }
        supervisor = p;
    }

    /** Runs a supervisor CLI command ({@code status}, {@code restart}, ...) to its end. */
    public Run cli(Duration max, String... args) {
        List<String> cmd = new ArrayList<>(List.of(E2e.JAVA, "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "-jar", E2e.jar("supervisor").toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--home", home.toString()));
        return run(cmd, max);
    }

    /** Runs one of the operator scripts ({@code scripts/NAME}) with this stack's environment. */
    public Run script(Duration max, String name, String... args) {
        List<String> cmd = new ArrayList<>(List.of(E2e.root().resolve("scripts").resolve(name).toString()));
        cmd.addAll(List.of(args));
        return run(cmd, max);
    }

    private Run run(List<String> cmd, Duration max) {
        try {
            Path out = Files.createTempFile(home, "cmd", ".out");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            environment(pb.environment());
            Process p = pb.start();
            launched.add(p);
            if (!p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish within " + max + ": " + E2e.read(out));
            }
            return new Run(p.exitValue(), E2e.read(out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Exit code and output of a command. */
    public record Run(int exitCode, String output) {
    }

    public Path statusFile() {
        return home.resolve("ultra_reliability_status.json");
    }

    /** The status file, or null when absent or unparsable. */
    public JsonNode status() {
        try {
            return E2e.JSON.readTree(Files.readAllBytes(statusFile()));
        } catch (IOException e) {
            return null;
        }
    }

    /** The current child's PID from the status file, -1 when none. */
    public long childPid() {
        JsonNode s = status();
        return s == null || !s.path("child").path("pid").isNumber() ? -1 : s.path("child").path("pid").asLong();
    }

    public String childState() {
        JsonNode s = status();
        return s == null ? "" : s.path("child").path("state").asText();
    }

    /** The keeper's section of the status file (schema 2), a missing node when absent or null. */
    public JsonNode keeperStatus() {
        JsonNode s = status();
        return s == null || !s.path("keeper").isObject() ? E2e.JSON.missingNode() : s.path("keeper");
    }

    /** The keeper's PID from the status file, -1 when none. */
    public long keeperPid() {
        JsonNode k = keeperStatus();
        return k.path("pid").isNumber() ? k.path("pid").asLong() : -1;
    }

    public String keeperState() {
        return keeperStatus().path("state").asText("");
    }

    /** The keeper's {@code keeper.port} from the stack's configuration, or "" when it runs none. */
    public String keeperPort() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^keeper:\\n  enabled: true\\n  port: (\\d+)$")
                .matcher(E2e.read(home.resolve("config/ultra-reliability.yml")));
        return m.find() ? m.group(1) : "";
    }

    /** The keeper's own {@code GET /health}, or null when it does not answer. */
    public JsonNode keeperHealth() {
        String port = keeperPort();
        if (port.isEmpty()) {
            return null;
        }
        E2e.Answer a = E2e.get("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(1));
        return a.status() < 0 ? null : a.json();
    }

    public int historySize() {
        JsonNode s = status();
        return s == null ? 0 : s.path("restart_history").size();
    }

    /** The newest restart_history entry, or a missing node. */
    public JsonNode lastRestart() {
        JsonNode s = status();
        return s == null ? E2e.JSON.missingNode() : s.path("restart_history").path(0);
    }

    public String autoRestartLog() {
        return E2e.read(home.resolve("logs/auto_restart.log"));
    }

    public String supervisorLog() {
        return E2e.read(home.resolve("logs/ultra_reliability.log"));
    }

    /** run/bot.aot and its key, as the supervisor puts them in place after a training run. */
    public boolean aotCacheReady() {
        Path run = home.resolve("run");
        try {
            return Files.size(run.resolve("bot.aot")) > 0 && Files.size(run.resolve("bot.aot.key")) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    public String botLog() {
        return E2e.read(home.resolve("logs/bot.log"));
    }

    public int botHealth() {
        return E2e.get("http://127.0.0.1:" + healthPort + "/health", Duration.ofSeconds(1)).status();
    }

    public JsonNode botStatus() {
        E2e.Answer a = E2e.get("http://127.0.0.1:" + healthPort + "/discord-status", Duration.ofSeconds(1));
        return a.status() < 0 ? null : a.json();
    }

    /** The bot's own counter from /discord-status (-1 when it did not answer). */
    public long botCounter(String name) {
        JsonNode s = botStatus();
        return s == null ? -1 : s.path(name).asLong(-1);
    }

    /** Recovered: the bot's /health is 200 and the simulator has exactly one session for the token. */
    public boolean recovered() {
        return botHealth() == 200 && sim.sessionsOf(token) == 1;
    }

    /** Waits (polling every 50 ms) until {@link #recovered()}; returns the milliseconds it took. */
    public long awaitRecovered(Duration bound, String after) {
        long t0 = System.nanoTime();
        awaitTrue(bound, "recovery after " + after + " (/health 200 and one session)", this::recovered);
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Polls every 50 ms; fails naming the condition, with the stack's state, after the bound. */
    public void awaitTrue(Duration bound, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + bound.toMillis() + " ms waiting for " + what + "\n"
                        + diagnostics());
            }
            E2e.sleepMs(50);
        }
    }

    /** Waits until restart_history's newest entry is a restart of {@code pid} with {@code reason}. */
    public void awaitRestartOf(long pid, String reason, Duration bound) {
        awaitTrue(bound, "a '" + reason + "' restart of pid " + pid, () -> {
            JsonNode r = lastRestart();
            return r.path("pid").asLong() == pid && r.path("reason").asText().equals(reason);
        });
    }

    /** A new child (a PID other than old) is running. */
    public long awaitNewChild(long old, Duration bound) {
        awaitTrue(bound, "a child other than " + old, () -> {
            long pid = childPid();
            return pid > 0 && pid != old && Procs.alive(pid);
        });
        return childPid();
    }

    public String diagnostics() {
        JsonNode s = status();
        List<String> botLines = botLog().lines().toList();
        List<String> supLines = supervisorLog().lines().toList();
        return "--- status ---\n" + s + "\n--- sim stats ---\n" + sim.stats()
                + "\n--- auto_restart.log ---\n" + autoRestartLog()
                + "--- last supervisor log ---\n" + String.join("\n", supLines.subList(Math.max(0, supLines.size() - 25), supLines.size()))
                + "\n--- last bot log ---\n" + String.join("\n", botLines.subList(Math.max(0, botLines.size() - 30), botLines.size()));
    }

    /** SIGTERM to the supervisor this test started; returns its exit code. */
    public int terminateSupervisor(Duration max) throws InterruptedException {
        supervisor.toHandle().destroy();
        if (!supervisor.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the supervisor did not exit within " + max + "\n" + diagnostics());
        }
        return supervisor.exitValue();
    }

    /** Processes that still mention this stack's home (the simulator excluded while it runs). */
    public List<Procs.Found> leftovers() {
        return Procs.referencing(List.of(home.toString())).stream().filter(f -> f.pid() != sim.pid()).toList();
    }

    /** No process of the stack but the simulator remains (waits a little for exits in flight). */
    public void assertNoOrphans(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        List<Procs.Found> left = leftovers();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            E2e.sleepMs(50);
            left = leftovers();
        }
        assertThat(left).as("processes left behind by the stack in %s", home).isEmpty();
    }

    /** Kills everything this stack started, whatever state the test left it in. */
    @Override
    public void close() {
        for (Process p : launched) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        for (int round = 0; round < 3; round++) {
            List<Procs.Found> left = leftovers();
            if (left.isEmpty()) {
                break;
            }
            left.forEach(f -> Procs.signal(f.pid(), "KILL"));
            E2e.sleepMs(100);
        }
        sim.close();
    }
}
