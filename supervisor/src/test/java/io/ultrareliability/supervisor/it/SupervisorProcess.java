package io.ultrareliability.supervisor.it;

import static io.ultrareliability.supervisor.it.ItSupport.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** A real supervisor ({@code java -jar supervisor.jar run}) on a test home, cleaned up after. */
final class SupervisorProcess implements AutoCloseable {
    final Path home;
    final int port;
    private final List<Process> processes = new ArrayList<>();
    /** Every child PID we saw, so close() can make sure none survives. */
    private final Set<Long> childPids = new LinkedHashSet<>();
    Process process;
    /** Added to the environment of every process this launches. */
    final java.util.Map<String, String> env = new java.util.HashMap<>();
    /** JVM options of the supervisor processes this launches (e.g. -Dultra.log.max_size=...). */
    final List<String> jvmOptions = new ArrayList<>();
    /** Put before the java command (e.g. a shell that changes signal dispositions, then execs). */
    final List<String> prefix = new ArrayList<>();
    /** YAML lines added inside the child: section, indented by two spaces. */
    String childYaml = "";

    SupervisorProcess(Path home, int port) {
        this.home = home;
        this.port = port;
    }

    /**
     * Writes the config: fast intervals, the web server on a free port (run/web.port), the fake child with the given options. Timeouts
     * stay generous: on a loaded 2-core machine a 300 ms probe timeout fails now and then,
     * and a spurious "unhealthy" restart would hide the fault a test provokes.
     */
    SupervisorProcess config(String extraYaml, String... childArgs) throws IOException {
        StringBuilder y = new StringBuilder("child:\n  command:\n");
        for (String a : ItSupport.fakeChild(childArgs)) {
            y.append("    - \"").append(a.replace("\"", "\\\"")).append("\"\n");
        }
        y.append(childYaml);
        y.append("""
                health:
                  url: http://127.0.0.1:%d/health
                  interval: 200ms
                  timeout: 1s
                  failure_threshold: 3
                  startup_grace: 15s
                  startup_interval: 20ms
                heartbeat:
                  max_age: 1s
                  failure_threshold: 2
                memory:
                  interval: 200ms
                  samples: 2
                restart:
                  initial_delay: 100ms
                  max_delay: 1s
                stop:
                  grace: 1s
                log_triggers: ["OutOfMemoryError", "FATAL-TRIGGER"]
                web:
                  port: 0
                """.formatted(port));
        y.append(extraYaml);
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/ultra-reliability.yml"), y.toString());
        return this;
    }

    Process launch(String... args) throws IOException {
        List<String> cmd = ItSupport.cli(args);
        // After the default flags, so that a test's -Xmx or -XX option wins.
        cmd.addAll(cmd.indexOf("-jar"), jvmOptions);
        cmd.addAll(0, prefix);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("cli.out").toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(home.resolve("cli.err").toFile()));
        pb.environment().put("ULTRA_HOME", home.toString());
        pb.environment().remove("ULTRA_CONFIG");
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /** Starts {@code run} and waits until a child is running (healthy). */
    SupervisorProcess start() throws IOException {
        process = launch("run");
        awaitRunning(Duration.ofSeconds(20));
        return this;
    }

    JsonNode status() {
        return ItSupport.readJson(home.resolve("ultra_reliability_status.json"));
    }

    JsonNode awaitRunning(Duration max) {
        return await("child state running", max, () -> {
            JsonNode s = status();
            // A status left by an earlier supervisor of this home does not count.
            boolean ours = process == null || s != null && s.path("supervisor").path("pid").asLong() == process.pid();
            if (s != null && ours && s.path("child").path("state").asText().equals("running")) {
                childPids.add(s.path("child").path("pid").asLong());
                return s;
            }
            return null;
        });
    }

    /** Waits for restart_history to hold n entries; returns the newest. */
    JsonNode awaitRestart(int n, Duration max) {
        return await(n + " restart(s) in the status file", max, () -> {
            JsonNode s = status();
            if (s != null && s.path("restart_history").size() >= n) {
                s.path("restart_history").forEach(r -> childPids.add(r.path("pid").asLong()));
                return s.path("restart_history").get(0);
            }
            return null;
        });
    }

    long childPid() {
        long pid = status().path("child").path("pid").asLong();
        childPids.add(pid);
        return pid;
    }

    String autoRestartLog() {
        return ItSupport.read(home.resolve("logs/auto_restart.log"));
    }

    String supervisorLog() {
        return ItSupport.read(home.resolve("logs/ultra_reliability.log"));
    }

    /** SIGTERM to the supervisor; @return its exit code */
    int terminate(Duration max) throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("supervisor did not exit within " + max);
        }
        return process.exitValue();
    }

    void trackChild(long pid) {
        childPids.add(pid);
    }

    /** Kills whatever this test left: supervisors, and every child group we saw. */
    @Override
    public void close() {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroyForcibly();
                try {
                    p.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        String pidFile = ItSupport.read(home.resolve("run/supervisor.pid"));
        if (!pidFile.isBlank()) {
            long sup = Long.parseLong(pidFile.strip().split("\\s+")[0]);
            if (ItSupport.alive(sup) && ProcessHandle.of(sup).flatMap(h -> h.info().commandLine())
                    .map(c -> c.contains("supervisor.jar")).orElse(false)) {
                ItSupport.signal(sup, "KILL");
            }
        }
        JsonNode s = status();
        if (s != null && s.path("child").path("pid").isNumber()) {
            childPids.add(s.path("child").path("pid").asLong());
        }
        for (long pid : childPids) {
            if (pid > 1) {
                for (long member : ItSupport.groupMembers(pid)) {
                    ItSupport.signal(member, "KILL");
                }
            }
        }
    }
}
