package io.ultrareliability.supervisor.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The supervisor's whole configuration, validated. See docs/supervisor.md for each key.
 *
 * @param keeper issue 17: the gateway keeper supervised next to the bot; null when there is none
 *        ({@code keeper.enabled: false}, or a {@code child.command} of one's own without a
 *        {@code keeper.command}): then everything is as before the keeper existed
 */
public record SupervisorConfig(
        Child child, Health health, Heartbeat heartbeat, Memory memory, Restart restart,
        Duration stopGrace, List<Pattern> logTriggers, int historySize, Web web, Keeper keeper) {

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
        requireNonNull(web, "web is null");
    }

    /** Without a keeper. */
    public SupervisorConfig(Child child, Health health, Heartbeat heartbeat, Memory memory, Restart restart,
            Duration stopGrace, List<Pattern> logTriggers, int historySize, Web web) {
        this(child, health, heartbeat, memory, restart, stopGrace, logTriggers, historySize, web, null);
    }

    /**
     * The configuration of the keeper's own {@code core.Supervisor}: its command, probe, memory
     * limit, restart policy and stop grace in the slots the bot's use; no heartbeat age (the
     * keeper's {@code /health} has none), the same log triggers and history size.
     */
    public SupervisorConfig keeperProgram() {
        if (keeper == null) {
            throw new IllegalStateException("no keeper configured");
        }
        return new SupervisorConfig(keeper.child(), keeper.health(), new Heartbeat(Duration.ZERO, 1),
                keeper.memory(), keeper.restart(), keeper.stopGrace(), logTriggers, historySize, web, null);
    }

    /**
     * {@code keeper.*} (issue 17): the gateway keeper, started before the bot, which reaches
     * Discord's gateway through it ({@code DISCORD_GATEWAY_URL}, set in the bot's environment).
     *
     * @param port the keeper's 127.0.0.1 port (never 0: the bot must be told it up front)
     * @param demo no token: the keeper runs the simulator on {@code demoSimPort} and the bot uses
     *        its REST with the demo token
     */
    public record Keeper(Child child, int port, boolean demo, int demoSimPort, Health health, Memory memory,
            Restart restart, Duration stopGrace) {
        public Keeper {
            requireNonNull(child, "child is null");
            requireNonNull(health, "health is null");
            requireNonNull(memory, "memory is null");
            requireNonNull(restart, "restart is null");
            requireNonNull(stopGrace, "stopGrace is null");
            if (port < 1 || port > 65535 || demoSimPort < 1 || demoSimPort > 65535) {
                throw new IllegalArgumentException("keeper ports must be 1..65535");
            }
        }

        /** The bot's {@code DISCORD_GATEWAY_URL}. */
        public URI gatewayUrl() {
            return URI.create("ws://127.0.0.1:" + port + "/gateway");
        }

        /** Demo mode: the bot's {@code DISCORD_API_BASE_URL}, the keeper's simulator. */
        public URI demoApiBaseUrl() {
            return URI.create("http://127.0.0.1:" + demoSimPort + "/api/v10");
        }
    }

    /** Without {@code web.*}: the web server's defaults. */
    public SupervisorConfig(Child child, Health health, Heartbeat heartbeat, Memory memory, Restart restart,
            Duration stopGrace, List<Pattern> logTriggers, int historySize) {
        this(child, health, heartbeat, memory, restart, stopGrace, logTriggers, historySize, Web.DEFAULTS);
    }

    /**
     * {@code web.*}: the supervisor's HTTP API and dashboard (docs/web.md).
     *
     * @param port 0 picks a free port (written to {@code run/web.port})
     * @param allowRemote consent to a non-loopback {@code host}
     */
    public record Web(boolean enabled, String host, int port, boolean allowRemote, Duration historyInterval,
            int historySize) {
        public static final Web DEFAULTS = new Web(true, "127.0.0.1", 8791, false, Duration.ofSeconds(5), 720);

        public Web {
            requireNonNull(host, "host is null");
            requireNonNull(historyInterval, "historyInterval is null");
            if (host.isBlank()) {
                throw new IllegalArgumentException("web.host is blank");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("web.port must be 0..65535, got " + port);
            }
            if (historyInterval.compareTo(Duration.ofMillis(100)) < 0) {
                throw new IllegalArgumentException("web.history_interval must be at least 100ms");
            }
            if (historySize < 1 || historySize > 100_000) {
                throw new IllegalArgumentException("web.history_size must be 1..100000, got " + historySize);
            }
        }
    }

    /**
     * {@code child.*}: what to run. The environment adds to the supervisor's own.
     *
     * @param defaultChild the parts of the default bot command; null when {@code child.command} is set
     * @param aotCache {@code child.aot_cache: auto}: train and use a JDK 25 AOT cache for the
     *        default child (docs/supervisor.md, "AOT cache")
     */
    public record Child(List<String> command, Path workdir, Map<String, String> env, DefaultChild defaultChild,
            boolean aotCache) {
        public Child {
            command = List.copyOf(command);
            if (command.isEmpty()) {
                throw new IllegalArgumentException("child.command is empty");
            }
            requireNonNull(workdir, "workdir is null");
            env = Map.copyOf(env);
            if (aotCache && defaultChild == null) {
                throw new IllegalArgumentException("the AOT cache is only for the default child");
            }
        }

        /** A child command of one's own: no AOT cache. */
        public Child(List<String> command, Path workdir, Map<String, String> env) {
            this(command, workdir, env, null, false);
        }
    }

    /**
     * {@code health.*}: the HTTP probe; {@code url} null disables it.
     *
     * @param notReadyTimeout how long the child may answer HTTP 503 ("alive but not ready")
     *        without a break before it is restarted; zero: never
     */
    public record Health(URI url, Duration interval, Duration timeout, int failureThreshold,
            Duration startupGrace, Duration startupInterval, Duration notReadyTimeout) {
        /** The default {@code health.not_ready_timeout}. */
        public static final Duration DEFAULT_NOT_READY_TIMEOUT = Duration.ofMinutes(5);

        public Health {
            requireNonNull(notReadyTimeout, "notReadyTimeout is null");
            if (notReadyTimeout.isNegative()) {
                throw new IllegalArgumentException("health.not_ready_timeout must be >= 0");
            }
            requireNonNull(interval, "interval is null");
            requireNonNull(timeout, "timeout is null");
            requireNonNull(startupGrace, "startupGrace is null");
            requireNonNull(startupInterval, "startupInterval is null");
            if (failureThreshold < 1) {
                throw new IllegalArgumentException("health.failure_threshold must be >= 1");
            }
        }

        /** Without {@code not_ready_timeout}: its default. */
        public Health(URI url, Duration interval, Duration timeout, int failureThreshold, Duration startupGrace,
                Duration startupInterval) {
            this(url, interval, timeout, failureThreshold, startupGrace, startupInterval, DEFAULT_NOT_READY_TIMEOUT);
        }

        public boolean enabled() {
            return url != null;
        }

        public boolean notReadyTimeoutEnabled() {
            return !notReadyTimeout.isZero();
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
