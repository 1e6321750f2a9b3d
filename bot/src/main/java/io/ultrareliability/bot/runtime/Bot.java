package io.ultrareliability.bot.runtime;

import io.ultrareliability.bot.commands.SlashCommands;
import io.ultrareliability.bot.config.BotConfig;
import io.ultrareliability.bot.config.ConfigException;
import io.ultrareliability.common.token.Token;
import io.ultrareliability.bot.connection.Overseer;
import io.ultrareliability.bot.connection.OverseerSettings;
import io.ultrareliability.bot.gateway.GatewayUrlResolver;
import io.ultrareliability.bot.gateway.IdentifyGate;
import io.ultrareliability.bot.gateway.JdaLauncher;
import io.ultrareliability.bot.health.ControlGuard;
import io.ultrareliability.bot.health.HealthJson;
import io.ultrareliability.bot.health.HealthProbe;
import io.ultrareliability.bot.health.HealthServer;
import io.ultrareliability.bot.health.HealthState;
import io.ultrareliability.common.Durations;
import io.ultrareliability.common.ExponentialBackoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/** Wires the parts together and runs until a stop or an exit decision. */
public final class Bot {
    private static final Logger LOG = LoggerFactory.getLogger(Bot.class);
    private static final Duration STOP_BUDGET = Duration.ofSeconds(6);
    private static final Duration SUPERVISED_STOP_BUDGET = Duration.ofSeconds(3);
    private static final Duration HARD_EXIT_AFTER = Duration.ofSeconds(9);

    private final BotConfig config;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private final LongSupplier monotonicMillis = () -> System.nanoTime() / 1_000_000;

    private DemoMode demo;
    private HealthServer healthServer;
    private ConnectionManager manager;
    private ScheduledExecutorService timers;
    private ExecutorService commandPool;
    private volatile HealthState health;

    public Bot(BotConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    public void run() {
        String version = Optional.ofNullable(Bot.class.getPackage().getImplementationVersion()).orElse("dev");
        Token token;
        Optional<URI> base;
        if (config.demoMode()) {
            demo = DemoMode.start();
            base = Optional.of(demo.restBaseUrl());
            token = new Token(DemoMode.DEMO_TOKEN, "demo mode");
            if (config.aotTrain()) {
                LOG.info("AOT training run {}: token and DISCORD_API_BASE_URL ignored, training against the "
                        + "embedded simulator at {}", version, demo.restBaseUrl());
            } else {
                for (int i = 0; i < 3; i++) {
                    LOG.warn("DEMO MODE: no DISCORD_TOKEN set, running against the built-in Discord simulator at {}",
                            demo.restBaseUrl());
                }
            }
        } else {
            token = config.token().orElseThrow();
            base = config.apiBaseUrl();
            LOG.info("Starting bot {} (token from {}, Discord at {}{})", version, token.source(),
                    base.map(Object::toString).orElse("discord.com"),
                    config.gatewayUrl().map(g -> ", gateway through the keeper at " + g).orElse(""));
        }
        LOG.info("Limits: connection timeout {}, reconnect delay {} doubling to {}, {} attempts, heartbeat "
                        + "timeout {}, stable after {}, identify interval {}{}",
                Durations.format(config.connectionTimeout()), Durations.format(config.reconnectDelay()),
                Durations.format(config.maxReconnectDelay()), config.maxReconnectAttempts(),
                Durations.format(config.heartbeatTimeout()), Durations.format(config.stableAfter()),
                Durations.format(config.identifyInterval()),
                config.sharded() ? ", shard " + config.shardId() + "/" + config.shardCount() : "");

        HealthState health = new HealthState(Clock.systemUTC());
        this.health = health;
        timers = Executors.newScheduledThreadPool(1, daemon("bot-timers"));
        commandPool = Executors.newFixedThreadPool(4, daemon("commands"));
        SlashCommands commands = new SlashCommands(health, commandPool);
        Overseer overseer = new Overseer(new OverseerSettings(config.connectionTimeout(), config.heartbeatTimeout(),
                new ExponentialBackoff(config.reconnectDelay(), config.maxReconnectDelay(),
                        OverseerSettings.RECONNECT_MULTIPLIER, OverseerSettings.RECONNECT_JITTER),
                config.maxReconnectAttempts(), config.stableAfter()),
                () -> ThreadLocalRandom.current().nextDouble());
        IdentifyGate gate = new IdentifyGate(IdentifyWiring.governor(config, base, token, health));
        JdaLauncher launcher = new JdaLauncher(withBase(base), token, new GatewayUrlResolver(base,
                config.gatewayUrl(), Duration.ofSeconds(5)), gate, monotonicMillis, health, commands);
        manager = new ConnectionManager(overseer, launcher, health, monotonicMillis,
                Executors.newSingleThreadScheduledExecutor(daemon("connection-manager")),
                Executors.newCachedThreadPool(daemon("jda-launcher")), this::exit, config.maxReconnectAttempts());
        try {
            healthServer = HealthServer.start(config.healthHost(), config.healthPort(), health,
                    new HealthJson(version), manager, new ControlGuard(config.guard().controlSecret(),
                            config.guard().reconnectMinInterval()));
        } catch (IOException e) {
            closeDemo();
            throw new ConfigException("cannot serve health on " + config.healthHost() + ":" + config.healthPort()
                    + ": " + e.getMessage());
        }
        // One formatted line; "health: http://HOST:PORT" in it is what tests and tools look for.
        LOG.info("health: http://{}:{} (/health, /discord-status, /heartbeat, POST /reconnect)",
                config.healthHost(), healthServer.port());

        Signals.onTermination(reason -> stop(reason, STOP_BUDGET));
        if (config.supervised()) {
            SupervisedWatch.start(System.in, SupervisedWatch::currentParentPid, timers, 500,
                    reason -> stop(reason, SUPERVISED_STOP_BUDGET));
        }
        long summaryMs = config.summaryInterval().toMillis();
        timers.scheduleAtFixedRate(new ConnectionSummary(health), summaryMs, summaryMs, TimeUnit.MILLISECONDS);
        manager.start();
        if (config.aotTrain()) {
            AotTraining.watch(timers, monotonicMillis, AotTraining.DEFAULT_LIMIT, AotTraining.DEFAULT_STAY_CONNECTED,
                    health::connected, () -> health.snapshot(false).lastHeartbeatAck() != null, trainingOutcome());
        }
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private BotConfig withBase(Optional<URI> base) {
        return new BotConfig(config.token(), base, config.healthHost(), config.healthPort(),
                config.connectionTimeout(), config.reconnectDelay(), config.maxReconnectDelay(),
                config.maxReconnectAttempts(), config.heartbeatTimeout(), config.stableAfter(),
                config.summaryInterval(), config.identifyInterval(), config.shardId(), config.shardCount(),
                config.supervised(), false, config.gatewayUrl(), config.guard());
    }

    private AotTraining.Outcome trainingOutcome() {
        return new AotTraining.Outcome() {
            @Override
            public void trained() {
                Thread t = new Thread(() -> {
                    try {
                        int status = HealthProbe.get(config.healthHost(), healthServer.port(), "/health",
                                Duration.ofSeconds(5));
                        LOG.info("AOT training run: connected, heartbeat answered, GET /health answered {}", status);
                    } catch (IOException e) {
                        LOG.warn("AOT training run: GET /health failed: {}", e.getMessage());
                    }
                    // The JDK writes the AOT cache after System.exit: that may take many seconds.
                    stop("AOT training run complete", STOP_BUDGET, 0, false);
                }, "aot-training-done");
                t.start();
            }

            @Override
            public void timedOut(Duration limit) {
                System.err.println("bot: AOT training run: not connected to the embedded simulator within "
                        + Durations.format(limit) + "; giving up");
                System.err.flush();
                exit(AotTraining.EXIT_NOT_TRAINED, "AOT training timed out");
            }
        };
    }

    /** A stop asked from outside (signal, supervisor gone): a training run stopped so has not trained. */
    private void stop(String reason, Duration budget) {
        stop(reason, budget, config.aotTrain() ? AotTraining.EXIT_NOT_TRAINED : 0, true);
    }

    /**
     * Clean stop: close the gateway, then exit with {@code code}. A watchdog makes sure it happens
     * in time; with {@code watchExit} false it covers only the stop and not {@code System.exit}
     * (where the JDK writes the AOT cache of a training run, which can take many seconds).
     */
    private void stop(String reason, Duration budget, int code, boolean watchExit) {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        LOG.info("Stopping: {}", reason);
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(HARD_EXIT_AFTER.toMillis());
                System.err.println("bot: clean stop took too long; halting");
                Runtime.getRuntime().halt(code);
            } catch (InterruptedException ignored) {
                // exiting normally
            }
        }, "stop-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            manager.stop(budget);
            healthServer.close();
            closeDemo();
            timers.shutdownNow();
            commandPool.shutdownNow();
            // The last counts of this process: its gateway is closed, so they are final (the e2e
            // rows add them up across restarts; /discord-status is gone with the HTTP server).
            LOG.info("Stopped cleanly; pid {}, events received {}", ProcessHandle.current().pid(),
                    health == null ? "none" : health.events().counts().json());
        } catch (RuntimeException e) {
            LOG.error("Error while stopping", e);
        } finally {
            if (!watchExit) {
                watchdog.interrupt();
            }
            // No done.countDown() here: main must stay in run() until System.exit ends the JVM.
            // If main returned first while only daemon threads were left (a stop before JDA's
            // threads exist), the JVM would end on its own with 0 and lose the exit code.
            System.exit(code);
        }
    }

    /** Exit decided by the overseer (78 fatal, 75 gave up). */
    private void exit(int code, String reason) {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            closeDemo();
            System.exit(code);
        }, "exit-" + code);
        t.start();
    }

    private void closeDemo() {
        if (demo != null) {
            try {
                demo.close();
            } catch (RuntimeException e) {
                LOG.debug("closing the demo simulator", e);
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
