package io.ultrareliability.supervisor.core;

import io.ultrareliability.supervisor.config.ConfigLoader;
import io.ultrareliability.supervisor.config.SupervisorConfig;
import io.ultrareliability.supervisor.probe.HealthResult;
import io.ultrareliability.supervisor.probe.LogTriggers;
import io.ultrareliability.supervisor.status.ChildState;
import io.ultrareliability.supervisor.status.RestartRecord;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import io.ultrareliability.supervisor.testkit.FakeLauncher;
import io.ultrareliability.supervisor.testkit.ManualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A supervisor wired to a manual scheduler and fake children, probes and sinks. */
final class SupervisorHarness {
    final ManualScheduler scheduler = new ManualScheduler();
    final FakeLauncher launcher = new FakeLauncher();
    final List<StatusSnapshot> published = new ArrayList<>();
    final List<RestartRecord> restartLog = new ArrayList<>();
    final List<String> transitions = new ArrayList<>();
    final List<String> childOutput = new ArrayList<>();
    HealthResult health = HealthResult.up(200, Duration.ofMillis(3), null);
    int healthChecks;
    long rss = 10_000_000;
    double random = 0.5;
    String fingerprint = "v1";
    final SupervisorConfig config;
    final Supervisor supervisor;

    SupervisorHarness(Map<String, String> overrides) throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("child.command", "fake-child --flag");
        flags.put("health.url", "http://127.0.0.1:8790/health");
        flags.putAll(overrides);
        config = new ConfigLoader(Path.of("/nonexistent-ultra-home"), Map.of()).load(null, flags);
        SupervisorParts parts = new SupervisorParts(scheduler, launcher,
                config.health().enabled() ? () -> {
                    healthChecks++;
                    return CompletableFuture.completedFuture(health);
                } : null,
                child -> rss, new LogTriggers(config.logTriggers()), published::add, restartLog::add,
                () -> random, childOutput::add, () -> fingerprint, 42, "test");
        supervisor = new Supervisor(config, parts);
        supervisor.addListener(new SupervisorListener() {
            @Override
            public void onStateChange(ChildState from, ChildState to, StatusSnapshot snapshot) {
                transitions.add(from.jsonName() + "->" + to.jsonName());
            }
        });
    }

    SupervisorHarness() throws Exception {
        this(Map.of());
    }

    ChildState state() {
        return supervisor.snapshot().child().state();
    }

    StatusSnapshot last() {
        return supervisor.snapshot();
    }

    /** Starts and brings the first child to running with one good probe. */
    SupervisorHarness startHealthy() {
        supervisor.start();
        scheduler.runPending();
        scheduler.advance(config.health().startupInterval());
        return this;
    }

    void advance(Duration d) {
        scheduler.advance(d);
    }

    static HealthResult ack(Instant at) {
        return HealthResult.up(200, Duration.ofMillis(2), at);
    }
}
