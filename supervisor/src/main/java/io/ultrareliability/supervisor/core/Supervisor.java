package io.ultrareliability.supervisor.core;

import static io.ultrareliability.supervisor.core.ChildState.BACKOFF;
import static io.ultrareliability.supervisor.core.ChildState.FATAL;
import static io.ultrareliability.supervisor.core.ChildState.RUNNING;
import static io.ultrareliability.supervisor.core.ChildState.STARTING;
import static io.ultrareliability.supervisor.core.ChildState.STOPPED;
import static io.ultrareliability.supervisor.core.ChildState.STOPPING;
import static io.ultrareliability.supervisor.core.ChildState.UNHEALTHY;
import static java.util.Objects.requireNonNull;

import io.ultrareliability.common.Durations;
import io.ultrareliability.common.ExponentialBackoff;
import io.ultrareliability.supervisor.config.SupervisorConfig;
import io.ultrareliability.supervisor.probe.HealthResult;
import io.ultrareliability.supervisor.process.ChildExit;
import io.ultrareliability.supervisor.process.ChildHandle;
import io.ultrareliability.supervisor.process.ChildSpec;
import io.ultrareliability.supervisor.status.RestartRecord;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor core: spawns the child, reacts to its exit at once, runs the probes and
 * restarts it with backoff. All state lives on the scheduler's single thread; the public
 * methods only post work to it, so callers (signal handlers, the CLI, a future HTTP API)
 * may call them from any thread.
 */
public final class Supervisor {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
    static final int EX_CONFIG = 78;
    static final int EX_TEMPFAIL = 75;

    private enum StopPurpose { RESTART, STOP_CHILD, SHUTDOWN }

    private final SupervisorConfig config;
    private final SupervisorParts parts;
    private final Scheduler scheduler;
    private final ChildSpec spec;
    private final StateMachine machine = new StateMachine();
    private final RestartPolicy policy;
    private final ProbeJudge judge;
    private final RestartJournal journal;
    private final List<SupervisorListener> listeners = new ArrayList<>();
    private final List<ChildState[]> pendingTransitions = new ArrayList<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final Instant startedAt;

    private ChildRun run;
    private int generation;
    private ChildExit lastExit;
    private List<String> lastOutput = List.of();
    private String fatalReason;
    private String fatalFingerprint;
    private RestartPolicy.Decision lastDecision = new RestartPolicy.Decision(Duration.ZERO, 0, false);
    private Instant nextStartAt;
    private StopPurpose stopPurpose;
    private RestartReason stopReason;
    private String stopDetail;
    private Scheduler.Cancellable backoffTimer = Scheduler.Cancellable.NONE;
    private Scheduler.Cancellable fatalTimer = Scheduler.Cancellable.NONE;
    private boolean shuttingDown;
    private boolean finished;
    private volatile StatusSnapshot lastSnapshot;

    public Supervisor(SupervisorConfig config, SupervisorParts parts) {
        this.config = requireNonNull(config, "config is null");
        this.parts = requireNonNull(parts, "parts is null");
        this.scheduler = parts.scheduler();
        SupervisorConfig.Restart r = config.restart();
        this.policy = new RestartPolicy(new ExponentialBackoff(r.initialDelay(), r.maxDelay(), r.multiplier(), r.jitter()),
                r.resetAfter(), r.crashLoopFailures(), r.crashLoopWindow());
        this.judge = new ProbeJudge(config);
        this.journal = new RestartJournal(config.historySize(), parts.restartLog());
        this.spec = new ChildSpec(config.child().command(), config.child().workdir(), childEnv(config));
        this.startedAt = scheduler.now();
        this.lastSnapshot = snapshotNow();
    }

    /** The child's extra environment: child.env plus BOT_HEALTH_PORT from health.url. */
    static java.util.Map<String, String> childEnv(SupervisorConfig config) {
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>(config.child().env());
        if (config.health().enabled()) {
            int port = config.health().url().getPort();
            env.putIfAbsent("BOT_HEALTH_PORT", Integer.toString(port == -1 ? 80 : port));
        }
        return env;
    }

    /** Registers a listener; call before {@link #start()}. */
    public void addListener(SupervisorListener listener) {
        listeners.add(requireNonNull(listener, "listener is null"));
    }

    // ---- public operations: any thread ----

    /** Spawns the first child. */
    public void start() {
        scheduler.execute(() -> {
            if (machine.state() == STOPPED && !shuttingDown) {
                spawn();
            }
        });
    }

    /**
     * Restarts the child now (reason {@code manual}): stops a live one first; cuts a backoff
     * short; leaves {@code fatal}. Used by SIGHUP / {@code restart} and the HTTP API.
     */
    public CompletableFuture<ChildState> requestRestart(String why) {
        CompletableFuture<ChildState> done = new CompletableFuture<>();
        scheduler.execute(() -> {
            onRestartRequest(why == null ? "restart requested" : why);
            done.complete(machine.state());
        });
        return done;
    }

    /** Stops the child and keeps it down until {@link #startChild()} (HTTP API seam). */
    public CompletableFuture<ChildState> stopChild() {
        CompletableFuture<ChildState> done = new CompletableFuture<>();
        scheduler.execute(() -> {
            ChildState s = machine.state();
            if (s == STARTING || s == RUNNING || s == UNHEALTHY) {
                beginStop(null, "stop requested", StopPurpose.STOP_CHILD);
            } else if (s == STOPPING && stopPurpose == StopPurpose.RESTART) {
                stopPurpose = StopPurpose.STOP_CHILD;
            } else if (s == BACKOFF || s == FATAL) {
                cancelWaits();
                transition(STOPPED);
                publish();
            }
            done.complete(machine.state());
        });
        return done;
    }

    /** Starts a child stopped by {@link #stopChild()}. */
    public CompletableFuture<ChildState> startChild() {
        CompletableFuture<ChildState> done = new CompletableFuture<>();
        scheduler.execute(() -> {
            if (machine.state() == STOPPED && !shuttingDown) {
                spawn();
            }
            done.complete(machine.state());
        });
        return done;
    }

    /** Stops the child cleanly (TERM, grace, KILL) and completes once it is gone. */
    public CompletableFuture<Void> shutdown() {
        scheduler.execute(() -> {
            if (shuttingDown) {
                return;
            }
            shuttingDown = true;
            LOG.info("supervisor shutting down: stopping the child");
            cancelWaits();
            switch (machine.state()) {
                case STARTING, RUNNING, UNHEALTHY -> beginStop(null, "supervisor stopping", StopPurpose.SHUTDOWN);
                case STOPPING -> stopPurpose = StopPurpose.SHUTDOWN;
                case BACKOFF, FATAL -> {
                    transition(STOPPED);
                    finishShutdown();
                }
                case STOPPED -> finishShutdown();
                default -> throw new AssertionError(machine.state());
            }
        });
        return stopped;
    }

    /** The latest status, as last published. */
    public StatusSnapshot snapshot() {
        return lastSnapshot;
    }

    public CompletableFuture<Void> stoppedFuture() {
        return stopped;
    }

    /**
     * The loop's scheduler, for hooks that must prove the loop is alive (sd_notify's
     * WATCHDOG=1: a periodic task scheduled here stops when the loop stops).
     */
    public Scheduler scheduler() {
        return scheduler;
    }

    // ---- the loop ----

    private void spawn() {
        cancelWaits();
        transition(STARTING);
        int gen = ++generation;
        AtomicBoolean triggered = new AtomicBoolean();
        OutputTail tail = new OutputTail();
        ChildHandle handle;
        try {
            handle = parts.launcher().launch(spec, line -> onOutput(gen, triggered, tail, line));
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot start the child {}: {}", spec.command().get(0), e.getMessage());
            scheduleRestart(RestartReason.CRASH, null, "cannot start: " + e.getMessage(), Duration.ZERO, 0);
            return;
        }
        ChildRun r = new ChildRun(gen, handle, scheduler.nanoTime(), scheduler.now(), tail);
        run = r;
        handle.onExit(exit -> scheduler.execute(() -> onExit(r, exit)));
        LOG.info("child started: pid {} ({})", handle.pid(), spec.command().get(0));
        listeners.forEach(l -> l.onChildStarted(handle));
        if (parts.health() != null) {
            r.graceTimer = scheduler.schedule(config.health().startupGrace(), () -> onStartupGraceOver(r));
            scheduleProbe(r, config.health().startupInterval());
        } else {
            transition(RUNNING);
            policy.markHealthy(scheduler.nanoTime());
        }
        scheduleMemory(r);
        publish();
    }

    private void onExit(ChildRun r, ChildExit exit) {
        if (run != r) {
            return;
        }
        run = null;
        r.cancelAll();
        List<Long> leftovers = r.handle.reapGroup();
        if (!leftovers.isEmpty()) {
            LOG.warn("killed {} leftover process(es) of the child's group: {}", leftovers.size(), leftovers);
        }
        lastExit = exit;
        lastOutput = r.tail.lines();
        if (!lastOutput.isEmpty() && !(machine.state() == STOPPING && stopPurpose != StopPurpose.RESTART)) {
            LOG.info("last output of child {}:\n  {}", r.handle.pid(), String.join("\n  ", lastOutput));
        }
        policy.markUnhealthy();
        listeners.forEach(l -> l.onChildExited(r.handle, exit));
        Duration uptime = Duration.ofNanos(scheduler.nanoTime() - r.startedNanos);
        if (machine.state() == STOPPING) {
            LOG.info("child {} stopped ({})", r.handle.pid(), exit.describe());
            if (stopPurpose == StopPurpose.RESTART) {
                scheduleRestart(stopReason, exit, stopDetail, uptime, r.handle.pid());
            } else {
                transition(STOPPED);
                if (shuttingDown) {
                    finishShutdown();
                } else {
                    publish();
                }
            }
            return;
        }
        if (!exit.bySignal() && exit.code() == EX_CONFIG) {
            transition(FATAL);
            fatalReason = "child exited with 78 (EX_CONFIG, fatal configuration: token, intents or config)"
                    + "; fix it, then run `restart` (or change the config or token file)";
            LOG.error("child {} {}: not restarting in a loop. {}", r.handle.pid(), exit.describe(), fatalReason);
            fatalFingerprint = parts.changeWatch().get();
            scheduleFatalWatch();
            publish();
            return;
        }
        RestartReason reason = !exit.bySignal() && exit.code() == EX_TEMPFAIL ? RestartReason.EXIT_TEMPFAIL : RestartReason.CRASH;
        LOG.warn("child {} exited unexpectedly: {} after {}", r.handle.pid(), exit.describe(), Durations.format(uptime));
        scheduleRestart(reason, exit, exit.describe(), uptime, r.handle.pid());
    }

    private void scheduleRestart(RestartReason reason, ChildExit exit, String detail, Duration uptime, long oldPid) {
        RestartPolicy.Decision d = reason.isFailure()
                ? policy.onFailure(scheduler.nanoTime(), parts.random().getAsDouble())
                : new RestartPolicy.Decision(Duration.ZERO, policy.attempts(), policy.crashLoop());
        lastDecision = d;
        record(reason, exit, uptime, d.delay(), oldPid, detail);
        LOG.warn("restarting the child in {} (reason {}{})", Durations.format(d.delay()), reason.jsonName(),
                d.crashLoop() ? ", CRASH LOOP: retrying at the backoff cap" : "");
        transition(BACKOFF);
        nextStartAt = scheduler.now().plus(d.delay());
        backoffTimer = scheduler.schedule(d.delay(), () -> {
            if (machine.state() == BACKOFF && !shuttingDown) {
                spawn();
            }
        });
        publish();
    }

    private void record(RestartReason reason, ChildExit exit, Duration uptime, Duration delay, long oldPid,
            String detail) {
        RestartRecord rec = new RestartRecord(scheduler.now(), reason, exit, uptime, delay, oldPid, journal.next(),
                policy.crashLoop(), detail, exit == null ? List.of() : lastOutput);
        journal.add(rec);
        tell("restart", l -> l.onRestart(rec));
    }

    /** Listener hooks that report events: a failing listener is logged and never stops the loop. */
    private void tell(String event, java.util.function.Consumer<SupervisorListener> call) {
        for (SupervisorListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("listener failed on {}: {}", event, e.getMessage());
            }
        }
    }

    private void onRestartRequest(String why) {
        ChildState s = machine.state();
        LOG.info("restart requested ({}) in state {}", why, s.jsonName());
        switch (s) {
            case STARTING, RUNNING, UNHEALTHY -> beginStop(RestartReason.MANUAL, why, StopPurpose.RESTART);
            case STOPPING -> {
                if (stopPurpose == StopPurpose.STOP_CHILD) {
                    stopPurpose = StopPurpose.RESTART;
                    stopReason = RestartReason.MANUAL;
                    stopDetail = why;
                }
            }
            case BACKOFF, FATAL, STOPPED -> {
                if (!shuttingDown) {
                    record(RestartReason.MANUAL, null, Duration.ZERO, Duration.ZERO, 0, why);
                    fatalReason = null;
                    spawn();
                }
            }
            default -> throw new AssertionError(s);
        }
    }

    private void beginStop(RestartReason reason, String detail, StopPurpose purpose) {
        ChildRun r = run;
        transition(STOPPING);
        stopPurpose = purpose;
        stopReason = reason;
        stopDetail = detail;
        policy.markUnhealthy();
        r.cancelProbes();
        LOG.warn("stopping child {}: {}{}", r.handle.pid(), reason == null ? "" : reason.jsonName() + ": ", detail);
        r.handle.terminate();
        Duration grace = config.stopGrace();
        r.killTimer = scheduler.schedule(grace, () -> {
            if (run == r) {
                LOG.warn("child {} still alive {} after SIGTERM: sending SIGKILL to its group", r.handle.pid(),
                        Durations.format(grace));
                r.handle.kill();
            }
        });
        publish();
    }

    private void onStartupGraceOver(ChildRun r) {
        if (run == r && machine.state() == STARTING) {
            beginStop(RestartReason.UNHEALTHY, "not healthy within the startup grace of "
                    + Durations.format(config.health().startupGrace()), StopPurpose.RESTART);
        }
    }

    private boolean live(ChildRun r) {
        ChildState s = machine.state();
        return run == r && (s == STARTING || s == RUNNING || s == UNHEALTHY);
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
        tell("health probe", l -> l.onHealthProbe(res.latency(), res.ok()));
        long now = scheduler.nanoTime();
        ChildState s = machine.state();
        ProbeJudge.Verdict v = judge.health(r, res, scheduler.now(), s == STARTING);
        switch (v.kind()) {
            case RESTART -> {
                beginStop(v.reason(), v.detail(), StopPurpose.RESTART);
                return;
            }
            case HEALTHY -> {
                if (s == STARTING) {
                    r.graceTimer.cancel();
                    LOG.info("child {} healthy after {} ms", r.handle.pid(),
                            Duration.ofNanos(now - r.startedNanos).toMillis());
                }
                if (s != RUNNING) {
                    transition(RUNNING);
                }
                policy.markHealthy(now);
            }
            case FAILING -> {
                if (s == RUNNING) {
                    transition(UNHEALTHY);
                }
                policy.markUnhealthy();
            }
            case IGNORED -> {
                // during the startup grace only an exit counts
            }
            default -> throw new AssertionError(v.kind());
        }
        policy.maybeReset(now);
        scheduleProbe(r, machine.state() == STARTING ? config.health().startupInterval() : config.health().interval());
        publish();
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
            beginStop(v.reason(), v.detail(), StopPurpose.RESTART);
            return;
        }
        policy.maybeReset(scheduler.nanoTime());
        scheduleMemory(r);
        publish();
    }

    /** From a pump thread: every line of child output. */
    private void onOutput(int gen, AtomicBoolean triggered, OutputTail tail, String line) {
        tail.add(line);
        try {
            parts.childOutput().accept(line);
        } catch (RuntimeException e) {
            LOG.debug("cannot log child output: {}", e.getMessage());
        }
        Pattern p = parts.triggers().match(line);
        if (p != null && triggered.compareAndSet(false, true)) {
            String shown = line.length() > 200 ? line.substring(0, 200) + "..." : line;
            scheduler.execute(() -> {
                ChildRun r = run;
                if (r != null && r.generation == gen && live(r)) {
                    beginStop(RestartReason.LOG_TRIGGER, "output matched /" + p.pattern() + "/: " + shown,
                            StopPurpose.RESTART);
                }
            });
        }
    }

    private void scheduleFatalWatch() {
        fatalTimer = scheduler.schedule(config.health().interval(), () -> {
            if (machine.state() != FATAL || shuttingDown) {
                return;
            }
            String now = parts.changeWatch().get();
            if (!Objects.equals(now, fatalFingerprint)) {
                LOG.info("config or token source changed: leaving fatal and starting the child again");
                onRestartRequest("config or token source changed");
            } else {
                scheduleFatalWatch();
            }
        });
    }

    private void cancelWaits() {
        backoffTimer.cancel();
        fatalTimer.cancel();
    }

    private void finishShutdown() {
        finished = true;
        publish();
        listeners.forEach(SupervisorListener::onStopped);
        stopped.complete(null);
    }

    private void transition(ChildState to) {
        ChildState from = machine.transition(to);
        if (to == STARTING) {
            fatalReason = null;
        }
        LOG.info("child state {} -> {}", from.jsonName(), to.jsonName());
        pendingTransitions.add(new ChildState[] {from, to});
    }

    private void publish() {
        StatusSnapshot s = snapshotNow();
        lastSnapshot = s;
        try {
            parts.status().publish(s);
        } catch (RuntimeException e) {
            LOG.warn("cannot publish the status: {}", e.getMessage());
        }
        List<ChildState[]> changes = new ArrayList<>(pendingTransitions);
        pendingTransitions.clear();
        for (ChildState[] c : changes) {
            for (SupervisorListener l : listeners) {
                try {
                    l.onStateChange(c[0], c[1], s);
                } catch (RuntimeException e) {
                    LOG.warn("listener failed on {} -> {}: {}", c[0], c[1], e.getMessage());
                }
            }
        }
    }

    private StatusSnapshot snapshotNow() {
        ChildRun r = run;
        Instant now = scheduler.now();
        StatusSnapshot.Health health = r == null ? ChildRun.NO_HEALTH : r.healthStatus();
        StatusSnapshot.Memory memory = new StatusSnapshot.Memory(r == null ? -1 : r.rssBytes,
                config.memory().maxRssBytes(), r == null ? 0 : r.memoryOverSamples);
        double uptime = r == null ? 0 : (scheduler.nanoTime() - r.startedNanos) / 1e9;
        StatusSnapshot.Child child = new StatusSnapshot.Child(r == null ? 0 : r.handle.pid(), machine.state(),
                r == null ? null : r.startedAt, journal.count(), uptime, lastExit, fatalReason, lastOutput, health, memory);
        boolean waiting = machine.state() == BACKOFF;
        StatusSnapshot.Backoff backoff = new StatusSnapshot.Backoff(waiting ? lastDecision.delay().toMillis() : 0,
                policy.attempts(), policy.crashLoop(), waiting ? nextStartAt : null);
        String supState = finished ? "stopped" : shuttingDown ? "stopping" : "running";
        return new StatusSnapshot(now, new StatusSnapshot.Supervisor(parts.supervisorPid(), supState, startedAt,
                parts.version()), child, backoff, journal.history());
    }
}
