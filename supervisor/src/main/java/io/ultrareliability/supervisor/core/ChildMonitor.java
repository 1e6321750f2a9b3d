package io.ultrareliability.supervisor.core;

import static io.ultrareliability.supervisor.status.ChildState.RUNNING;
import static io.ultrareliability.supervisor.status.ChildState.STARTING;
import static io.ultrareliability.supervisor.status.ChildState.UNHEALTHY;
import static java.util.Objects.requireNonNull;

import io.ultrareliability.common.Durations;
import io.ultrareliability.supervisor.config.SupervisorConfig;
import io.ultrareliability.supervisor.probe.HealthResult;
import io.ultrareliability.supervisor.status.ChildState;
import io.ultrareliability.supervisor.status.RestartReason;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a live child: the startup grace, the health probe, the memory sample and the log
 * triggers. It decides (through {@link ProbeJudge}) and asks the loop to act; once the loop
 * has decided to stop a child, {@link #terminate} sends SIGTERM and escalates to SIGKILL.
 * Runs on the supervisor loop, except {@link #outputOf}'s consumer, which is called from the
 * output pump thread and only posts work to the loop.
 */
final class ChildMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(ChildMonitor.class);

    /**
     * What the monitor needs from the supervisor loop.
     *
     * @param state the child's state now
     * @param current the run of the current child, or null when none is alive
     * @param restart stops the child so that it is started again, recording the reason and detail
     */
    record Loop(Supplier<ChildState> state, Supplier<ChildRun> current, Consumer<ChildState> transition,
            BiConsumer<RestartReason, String> restart, Runnable publish) {
        Loop {
            requireNonNull(state, "state is null");
            requireNonNull(current, "current is null");
            requireNonNull(transition, "transition is null");
            requireNonNull(restart, "restart is null");
            requireNonNull(publish, "publish is null");
        }
    }

    private final SupervisorConfig config;
    private final SupervisorParts parts;
    private final Scheduler scheduler;
    private final ProbeJudge judge;
    private final RestartPolicy policy;
    private final SupervisorEvents events;
    private final Loop loop;

    ChildMonitor(SupervisorConfig config, SupervisorParts parts, RestartPolicy policy, SupervisorEvents events,
            Loop loop) {
        this.config = requireNonNull(config, "config is null");
        this.parts = requireNonNull(parts, "parts is null");
        this.scheduler = parts.scheduler();
        this.judge = new ProbeJudge(config);
        this.policy = requireNonNull(policy, "policy is null");
        this.events = requireNonNull(events, "events is null");
        this.loop = requireNonNull(loop, "loop is null");
    }

    /** Starts watching a freshly spawned child: probes when health is configured, else running at once. */
    void watch(ChildRun r) {
        if (parts.health() != null) {
            r.graceTimer = scheduler.schedule(config.health().startupGrace(), () -> onStartupGraceOver(r));
            scheduleProbe(r, config.health().startupInterval());
        } else {
            loop.transition().accept(RUNNING);
            policy.markHealthy(scheduler.nanoTime());
        }
        scheduleMemory(r);
    }

    /** The consumer of generation {@code gen}'s output lines; the first trigger match restarts it. */
    Consumer<String> outputOf(int gen, OutputTail tail) {
        AtomicBoolean triggered = new AtomicBoolean();
        return line -> onOutput(gen, triggered, tail, line);
    }

    /** Sends SIGTERM, and SIGKILL to the child's group if it is still the current child after the stop grace. */
    void terminate(ChildRun r) {
        r.handle.terminate();
        Duration grace = config.stopGrace();
        r.killTimer = scheduler.schedule(grace, () -> {
            if (loop.current().get() == r) {
                LOG.warn("child {} still alive {} after SIGTERM: sending SIGKILL to its group", r.handle.pid(),
                        Durations.format(grace));
                r.handle.kill();
            }
        });
    }

    private boolean live(ChildRun r) {
        ChildState s = loop.state().get();
        return loop.current().get() == r && (s == STARTING || s == RUNNING || s == UNHEALTHY);
    }

    private void onStartupGraceOver(ChildRun r) {
        if (loop.current().get() == r && loop.state().get() == STARTING) {
            loop.restart().accept(RestartReason.UNHEALTHY, "not healthy within the startup grace of "
                    + Durations.format(config.health().startupGrace()));
        }
    }

    private void scheduleProbe(ChildRun r, Duration delay) {
        r.probeTimer = scheduler.schedule(delay, () -> {
            if (live(r)) {
                parts.health().check().whenComplete((res, err) -> scheduler.execute(() -> onHealth(r,
                        res != null ? res : HealthResult.down(0, Duration.ZERO, String.valueOf(err)))));
            }
        });
    }

    private void onHealth(ChildRun r, HealthResult res) {
        if (!live(r)) {
            return;
        }
        r.lastHealth = res;
        r.lastHealthAt = scheduler.now();
        events.healthProbe(res.latency(), res.ok());
        long now = scheduler.nanoTime();
        ChildState s = loop.state().get();
        if (s == STARTING && res.waitingForIdentifyBudget()) {
            // issue 13: alive, waiting for Discord to reset its IDENTIFY budget; it cannot become
            // healthy within the startup grace and a restart would not help: judged as started
            r.graceTimer.cancel();
            LOG.info("child {} is alive and waits for its IDENTIFY budget ({}): startup grace ended",
                    r.handle.pid(), res.error());
            loop.transition().accept(UNHEALTHY);
            s = UNHEALTHY;
        }
        ProbeJudge.Verdict v = judge.health(r, res, scheduler.now(), s == STARTING);
        switch (v.kind()) {
            case RESTART -> {
                loop.restart().accept(v.reason(), v.detail());
                return;
            }
            case HEALTHY -> {
                if (s == STARTING) {
                    String foreign = parts.foreignHealth().apply(r.handle.pid());
                    if (foreign != null) {
                        // Not ours: keep waiting; the startup grace (or the child's own exit) decides.
                        if (!r.foreignHealthLogged) {
                            LOG.warn("{}: not counting it as healthy", foreign);
                            r.foreignHealthLogged = true;
                        }
                        scheduleProbe(r, config.health().startupInterval());
                        loop.publish().run();
                        return;
                    }
                    r.graceTimer.cancel();
                    LOG.info("child {} healthy after {} ms", r.handle.pid(),
                            Duration.ofNanos(now - r.startedNanos).toMillis());
                }
                if (s != RUNNING) {
                    loop.transition().accept(RUNNING);
                }
                policy.markHealthy(now);
            }
            case FAILING -> {
                if (s == RUNNING) {
                    loop.transition().accept(UNHEALTHY);
                }
                policy.markUnhealthy(scheduler.nanoTime());
            }
            case IGNORED -> {
                // during the startup grace only an exit counts
            }
            default -> throw new AssertionError(v.kind());
        }
        policy.maybeReset(now);
        scheduleProbe(r, loop.state().get() == STARTING ? config.health().startupInterval()
                : config.health().interval());
        loop.publish().run();
    }

    private void scheduleMemory(ChildRun r) {
        r.memoryTimer = scheduler.schedule(config.memory().interval(), () -> onMemorySample(r));
    }

    private void onMemorySample(ChildRun r) {
        if (!live(r)) {
            return;
        }
        long rss;
        try {
            rss = parts.memory().rssBytes(r.handle);
        } catch (RuntimeException e) {
            LOG.debug("memory sample failed: {}", e.getMessage());
            rss = -1;
        }
        ProbeJudge.Verdict v = judge.memory(r, rss);
        if (v.kind() == ProbeJudge.Kind.RESTART) {
            loop.restart().accept(v.reason(), v.detail());
            return;
        }
        policy.maybeReset(scheduler.nanoTime());
        scheduleMemory(r);
        loop.publish().run();
    }

    /** From a pump thread: every line of child output. */
    private void onOutput(int gen, AtomicBoolean triggered, OutputTail tail, String line) {
        tail.add(line); // masked when read (OutputTail): never per line, which is the drain's hot path
        try {
            parts.childOutput().accept(line);
        } catch (RuntimeException e) {
            LOG.debug("cannot log child output: {}", e.getMessage());
        }
        Pattern p = parts.triggers().match(line);
        if (p != null && triggered.compareAndSet(false, true)) {
            String masked = parts.outputMask().apply(line.length() > OutputTail.KEEP ? line.substring(0, OutputTail.KEEP) : line);
            String shown = masked.length() > 200 ? masked.substring(0, 200) + "..." : masked;
            scheduler.execute(() -> {
                ChildRun r = loop.current().get();
                if (r != null && r.generation == gen && live(r)) {
                    loop.restart().accept(RestartReason.LOG_TRIGGER,
                            "output matched /" + p.pattern() + "/: " + shown);
                }
            });
        }
    }
}
