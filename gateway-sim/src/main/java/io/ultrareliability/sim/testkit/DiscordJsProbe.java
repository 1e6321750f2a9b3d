package io.ultrareliability.sim.testkit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A discord.js 14 client as a child process: proof that a local gateway (the simulator, the
 * gateway keeper) speaks Discord's protocol and not only JDA's dialect. It logs in with the
 * token (passed in the environment, never argv), reports READY with its guild count, every
 * {@code messageCreate}, replies {@code pong: <content>} to every user message and
 * {@code pong: /<name>} to every slash command, one JSON object per line:
 * <pre>
 * {"event":"start","node":"v20.20.2","discordjs":"14.28.1","rest":"...","gateway":"..."|null}
 * {"event":"gateway_info","url":"ws://...","from_rest":"ws://..."}   (GET /gateway/bot, rewritten)
 * {"event":"ready","user_id":"...","username":"...","guilds":2,"guild_ids":["..."]}
 * {"event":"message","id":"...","channel_id":"...","guild_id":"...","author_id":"...","author_bot":false,"content":"..."}
 * {"event":"reply","to":"<message id>","id":"...","content":"pong: ..."}
 * {"event":"interaction","id":"...","name":"ping","channel_id":"..."}
 * {"event":"interaction_reply","to":"<interaction id>"}
 * {"event":"resumed","shard":0,"replayed":N}   {"event":"disconnected","shard":0,"code":1006}
 * {"event":"error","where":"login|reply|interaction_reply|client|...","message":"..."}
 * {"event":"exit","code":0,"reason":"..."}
 * </pre>
 * Usage: {@code Path dir = DiscordJsProbe.install(Path.of("target", "discordjs-probe"));} once
 * (runs {@code npm ci} unless that lock file is installed there already), then
 * {@code try (DiscordJsProbe p = DiscordJsProbe.start(dir, token, restBase, gatewayUrl, maxRun)) {...}}.
 * {@code gatewayUrl} null means "wherever REST's GET /gateway/bot says"; set, it replaces
 * that answer for this client only, so REST (the simulator) and the gateway (a keeper) can be
 * different processes.
 */
public final class DiscordJsProbe implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_STDERR_CHARS = 64 * 1024;
    private static final long POLL_MS = 20;

    private final Process process;
    private final OutputStream stdin;
    private final List<JsonNode> lines = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    /** Set once stdout reached its end: every line the probe printed is in {@link #lines}. */
    private boolean stdoutDone;

    private DiscordJsProbe(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        Thread out = new Thread(() -> read(new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)), false), "discordjs-probe-stdout-" + process.pid());
        Thread err = new Thread(() -> read(new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8)), true), "discordjs-probe-stderr-" + process.pid());
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    /**
     * Copies the probe into {@code workDir} (e.g. {@code target/discordjs-probe}) and runs
     * {@code npm ci} there unless the same lock file was installed there with the same node.
     *
     * @return the directory to pass to {@link #start}
     * @throws IllegalStateException when node (18+) or npm is missing, or npm ci fails (with its log's tail)
     */
    public static Path install(Path workDir) throws IOException {
        return ProbeInstall.install(workDir);
    }

    /**
     * Starts the probe. It stops by itself after {@code maxRun} (exit 3).
     *
     * @param restBaseUrl e.g. {@code http://127.0.0.1:P/api/v10} (the simulator's {@code restBaseUrl()})
     * @param gatewayUrl the gateway to use instead of REST's answer (a keeper), or null
     */
    public static DiscordJsProbe start(Path installed, String token, URI restBaseUrl, URI gatewayUrl, Duration maxRun)
            throws IOException {
        requireNonNull(installed, "installed is null");
        requireNonNull(token, "token is null");
        requireNonNull(restBaseUrl, "restBaseUrl is null");
        requireNonNull(maxRun, "maxRun is null");
        if (maxRun.isNegative() || maxRun.isZero() || maxRun.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("maxRun must be between 1 s and 1 h, got " + maxRun);
        }
        List<String> command = new ArrayList<>(List.of("node", "probe.js", "--rest", restBaseUrl.toString()));
        if (gatewayUrl != null) {
            command.addAll(List.of("--gateway", gatewayUrl.toString()));
        }
        command.addAll(List.of("--max-seconds", Long.toString(Math.max(1, maxRun.toSeconds()))));
        ProcessBuilder pb = new ProcessBuilder(command).directory(installed.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DISCORD_"));
        pb.environment().put("DISCORD_TOKEN", token);
        return new DiscordJsProbe(pb.start());
    }

    private void read(BufferedReader reader, boolean isStderr) {
        try (reader) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (this) {
                    if (isStderr) {
                        if (stderr.length() < MAX_STDERR_CHARS) {
                            stderr.append(line).append('\n');
                        }
                    } else {
                        text.append(line).append('\n');
                        lines.add(parse(line));
                    }
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended; what was read stays
        } finally {
            if (!isStderr) {
                synchronized (this) {
                    stdoutDone = true;
                    notifyAll();
                }
            }
        }
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException e) {
            // not one of ours (a library's own print): kept as text
        }
        return JsonNodeFactory.instance.objectNode().put("event", "text").put("text", line);
    }

    /** Every line so far (non-JSON ones as {@code {"event":"text","text":...}}). */
    public synchronized List<JsonNode> lines() {
        return List.copyOf(lines);
    }

    /** The lines so far with this {@code event}. */
    public synchronized List<JsonNode> events(String event) {
        return lines.stream().filter(l -> event.equals(l.path("event").asText())).toList();
    }

    /** Everything the probe wrote (stdout, then stderr): for failure messages and leak checks. */
    public synchronized String output() {
        return text + (stderr.isEmpty() ? "" : "--- stderr ---\n" + stderr);
    }

    /** The first line (since the start) with this {@code event}, waiting up to {@code timeout}. */
    public JsonNode await(String event, Duration timeout) {
        return await("event " + event, l -> event.equals(l.path("event").asText()), timeout);
    }

    /**
     * The first line (since the start) that matches, waiting up to {@code timeout}.
     *
     * @throws AssertionError naming {@code what}, with the probe's output, on timeout or if it exits first
     */
    public JsonNode await(String what, Predicate<JsonNode> matches, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                Optional<JsonNode> found = lines.stream().filter(matches).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("discord.js probe: no " + what + " within " + timeout.toMillis()
                            + " ms\n" + output());
                }
                if (stdoutDone) {
                    // every line is in: what has not come will not come
                    throw new AssertionError("discord.js probe ended its output (exit "
                            + (process.isAlive() ? "pending" : process.exitValue()) + ") before " + what + "\n"
                            + output());
                }
                try {
                    wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), POLL_MS * 10)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for " + what, e);
                }
            }
        }
    }

    public Process process() {
        return process;
    }

    /**
     * Asks the probe to stop ("exit" on stdin: it closes its gateway session with 1000) and
     * waits; kills it if it is still running after {@code timeout}.
     *
     * @return its exit code (0 after a clean stop)
     */
    public int stop(Duration timeout) {
        try {
            stdin.write("exit\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("discord.js probe did not stop within " + timeout.toMillis() + " ms\n"
                        + output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        return process.exitValue();
    }

    /** Kills the process (like a crash: no close frame), if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            stdin.close();
        } catch (IOException e) {
            // gone
        }
    }
}
