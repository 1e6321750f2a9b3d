package io.ultrareliability.supervisor.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The supervisor's whole configuration, validated. See docs/supervisor.md for each key. */
public record SupervisorConfig(
        Child child, Health health, Heartbeat heartbeat, Memory memory, Restart restart,
        Duration stopGrace, List<Pattern> logTriggers, int historySize) {

    public SupervisorConfig {
        requireNonNull(child, "child is null");
        requireNonNull(health, "health is null");
        requireNonNull(heartbeat, "heartbeat is null");
        requireNonNull(memory, "memory is null");
        requireNonNull(restart, "restart is null");
        requireNonNull(stopGrace, "stopGrace is null");
        logTriggers = List.copyOf(logTriggers);
        if (historySize < 1) {
            throw new IllegalArgumentException("historySize must be >= 1");
        }
    }

    /** {@code child.*}: what to run. The environment adds to the supervisor's own. */
    public record Child(List<String> command, Path workdir, Map<String, String> env) {
        public Child {
            command = List.copyOf(command);
            if (command.isEmpty()) {
                throw new IllegalArgumentException("child.command is empty");
            }
            requireNonNull(workdir, "workdir is null");
            env = Map.copyOf(env);
        }
    }

    /** {@code health.*}: the HTTP probe; {@code url} null disables it. */
    public record Health(URI url, Duration interval, Duration timeout, int failureThreshold,
            Duration startupGrace, Duration startupInterval) {
        public Health {
            requireNonNull(interval, "interval is null");
            requireNonNull(timeout, "timeout is null");
            requireNonNull(startupGrace, "startupGrace is null");
            requireNonNull(startupInterval, "startupInterval is null");
            if (failureThreshold < 1) {
                throw new IllegalArgumentException("health.failure_threshold must be >= 1");
            }
        }

        public boolean enabled() {
            return url != null;
        }
    }

    /** {@code heartbeat.*}: stale {@code last_heartbeat_ack}; maxAge zero disables it. */
    public record Heartbeat(Duration maxAge, int failureThreshold) {
        public Heartbeat {
            requireNonNull(maxAge, "maxAge is null");
            if (failureThreshold < 1) {
                throw new IllegalArgumentException("heartbeat.failure_threshold must be >= 1");
            }
        }

        public boolean enabled() {
            return !maxAge.isZero();
        }
    }

    /** {@code memory.*}: RSS of the child's process tree; maxRss 0 disables the limit. */
    public record Memory(long maxRssBytes, Duration interval, int samples) {
        public Memory {
            requireNonNull(interval, "interval is null");
            if (maxRssBytes < 0 || samples < 1) {
                throw new IllegalArgumentException("memory.max_rss must be >= 0 and memory.samples >= 1");
            }
        }
    }

    /** {@code restart.*}: backoff and crash-loop budget. */
    public record Restart(Duration initialDelay, Duration maxDelay, double multiplier, double jitter,
            Duration resetAfter, int crashLoopFailures, Duration crashLoopWindow) {
        public Restart {
            requireNonNull(initialDelay, "initialDelay is null");
            requireNonNull(maxDelay, "maxDelay is null");
            requireNonNull(resetAfter, "resetAfter is null");
            requireNonNull(crashLoopWindow, "crashLoopWindow is null");
        }
    }
}
