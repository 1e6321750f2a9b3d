package io.ultrareliability.supervisor.core;

import static io.ultrareliability.supervisor.status.ChildState.BACKOFF;
import static io.ultrareliability.supervisor.status.ChildState.FATAL;
import static io.ultrareliability.supervisor.status.ChildState.RUNNING;
import static io.ultrareliability.supervisor.status.ChildState.STARTING;
import static io.ultrareliability.supervisor.status.ChildState.STOPPED;
import static io.ultrareliability.supervisor.status.ChildState.STOPPING;
import static io.ultrareliability.supervisor.status.ChildState.UNHEALTHY;
import static java.util.Objects.requireNonNull;

import io.ultrareliability.common.BotContract;
import io.ultrareliability.common.Durations;
import io.ultrareliability.common.ExponentialBackoff;
import io.ultrareliability.supervisor.config.SupervisorConfig;
import io.ultrareliability.supervisor.process.ChildExit;
import io.ultrareliability.supervisor.process.ChildHandle;
import io.ultrareliability.supervisor.process.ChildSpec;
import io.ultrareliability.supervisor.process.NotExecutableException;
import io.ultrareliability.supervisor.status.ChildState;
import io.ultrareliability.supervisor.status.RestartReason;
import io.ultrareliability.supervisor.status.RestartRecord;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import io.ultrareliability.supervisor.status.SupervisorState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
    static final int EX_CONFIG = BotContract.EXIT_CONFIG;
    static final int EX_TEMPFAIL = BotContract.EXIT_TEMPFAIL;

    private enum StopPurpose { RESTART, STOP_CHILD, SHUTDOWN }

    private final SupervisorParts parts;
    private final Scheduler scheduler;
    private final ChildSpec spec;
    private final StateMachine machine = new StateMachine();
    private final RestartPolicy policy;
    private final RestartJournal journal;
    private final SupervisorEvents events = new SupervisorEvents();
    private final ChildMonitor monitor;
    private final FatalWatch fatalWatch;
    private final StatusAssembler status;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    private ChildRun run;
    private int generation;
    private ChildExit lastExit;
    private List<String> lastOutput = List.of();
    private String fatalReason;
    private RestartPolicy.Decision lastDecision = new RestartPolicy.Decision(Duration.ZERO, 0, false);
    private Instant nextStartAt;
    private StopPurpose stopPurpose;
    private RestartReason stopReason;
    private String stopDetail;
    private Scheduler.Cancellable backoffTimer = Scheduler.Cancellable.NONE;
    private boolean shuttingDown;
    private boolean finished;
    private volatile StatusSnapshot lastSnapshot;

    public Supervisor(SupervisorConfig config, SupervisorParts parts) {
        requireNonNull(config, "config is null");
        this.parts = requireNonNull(parts, "parts is null");
        this.scheduler = parts.scheduler();
        SupervisorConfig.Restart r = config.restart();
        this.policy = new RestartPolicy(
                new ExponentialBackoff(r.initialDelay(), r.maxDelay(), r.multiplier(), r.jitter()),
                r.resetAfter(), r.crashLoopFailures(), r.crashLoopWindow());
        this.monitor = new ChildMonitor(config, parts, policy, events, new ChildMonitor.Loop(machine::state, () -> run,
                this::transition, (reason, detail) -> beginStop(reason, detail, StopPurpose.RESTART), this::publish));
        this.journal = new RestartJournal(config.historySize(), parts.restartLog());
        this.spec = new ChildSpec(config.child().command(), config.child().workdir(), ChildEnvironment.of(config));
        Instant startedAt = scheduler.now();
        this.fatalWatch = new FatalWatch(scheduler, config.health().interval(), parts.changeWatch());
        this.status = new StatusAssembler(config, parts, startedAt, policy, journal);
        this.lastSnapshot = snapshotNow();
    }

    /** Registers a listener; call before {@link #start()}. */
    public void addListener(SupervisorListener listener) {
        events.add(listener);
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
        return onLoop(() -> onRestartRequest(why == null ? "restart requested" : why));
    }

    /** Stops the child and keeps it down until {@link #startChild()} (HTTP API seam). */
    public CompletableFuture<ChildState> stopChild() {
        return onLoop(() -> {
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
        });
    }

    /** Starts a child stopped by {@link #stopChild()}. */
    public CompletableFuture<ChildState> startChild() {
        return onLoop(() -> {
            if (machine.state() == STOPPED && !shuttingDown) {
                spawn();
            }
        });
    }

    /** Runs {@code action} on the loop; completes with the child's state after it. */
    private CompletableFuture<ChildState> onLoop(Runnable action) {
        CompletableFuture<ChildState> done = new CompletableFuture<>();
        scheduler.execute(() -> {
            action.run();
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
        OutputTail tail = new OutputTail(parts.outputMask());
        ChildHandle handle;
        try {
            handle = parts.launcher().launch(spec, monitor.outputOf(gen, tail));
        } catch (NotExecutableException e) {
            enterFatal("cannot execute the child: " + e.getMessage()
                    + "; fix it, then run `restart` (or change the config)", e.getMessage());
            return;
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot start the child {}: {}", spec.command().get(0), e.getMessage());
            scheduleRestart(RestartReason.CRASH, null, "cannot start: " + e.getMessage(), Duration.ZERO, 0);
            return;
        }
        ChildRun r = new ChildRun(gen, handle, scheduler.nanoTime(), scheduler.now(), tail);
        run = r;
        handle.onExit(exit -> scheduler.execute(() -> onExit(r, exit)));
        LOG.info("child started: pid {} ({})", handle.pid(), spec.command().get(0));
        events.childStarted(handle);
        monitor.watch(r);
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
        policy.markUnhealthy(scheduler.nanoTime());
        events.childExited(r.handle, exit);
        Duration uptime = Duration.ofNanos(scheduler.nanoTime() - r.startedNanos);
        if (machine.state() == STOPPING) {
            LOG.info("child {} stopped ({})", r.handle.pid(), exit.describe());
            if (stopPurpose == StopPurpose.RESTART && isFatalExit(exit)) {
                // It was already exiting with its own fatal verdict (e.g. a revoked token) when a
                // probe saw its health port close: restarting would only loop on the same token.
                LOG.warn("child {} exited 78 by itself while being restarted ({}): fatal wins",
                        r.handle.pid(), stopDetail);
                enterFatal(r, exit);
            } else if (stopPurpose == StopPurpose.RESTART) {
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
        if (isFatalExit(exit)) {
            enterFatal(r, exit);
            return;
        }
        RestartReason reason = !exit.bySignal() && exit.code() == EX_TEMPFAIL ? RestartReason.EXIT_TEMPFAIL : RestartReason.CRASH;
        LOG.warn("child {} exited unexpectedly: {} after {}", r.handle.pid(), exit.describe(), Durations.format(uptime));
        scheduleRestart(reason, exit, exit.describe(), uptime, r.handle.pid());
    }

    private static boolean isFatalExit(ChildExit exit) {
        return !exit.bySignal() && exit.code() == EX_CONFIG;
    }

    private void enterFatal(ChildRun r, ChildExit exit) {
        enterFatal("child exited with 78 (EX_CONFIG, fatal configuration: token, intents or config)"
                + "; fix it, then run `restart` (or change the config or token file)",
                "child " + r.handle.pid() + " " + exit.describe());
    }

    private void enterFatal(String reason, String what) {
        transition(FATAL);
        fatalReason = reason;
        LOG.error("{}: not restarting in a loop. {}", what, fatalReason);
        fatalWatch.start(() -> machine.state() == FATAL && !shuttingDown,
                () -> onRestartRequest("config or token source changed"));
        publish();
    }

    private void scheduleRestart(RestartReason reason, ChildExit exit, String detail, Duration uptime, long oldPid) {
        RestartPolicy.Decision d = reason.isFailure()
                ? policy.onFailure(scheduler.nanoTime(), parts.random().getAsDouble())
                : new RestartPolicy.Decision(Duration.ZERO, policy.attempts(), policy.crashLoop());
        lastDecision = d;
        record(reason, exit, uptime, d.delay(), oldPid, detail);
        LOG.warn("restarting the child in {} (reason {}{})", Durations.format(d.delay()), reason.jsonName(),
                d.crashLoop() ? ", CRASH LOOP: " + policy.crashLoopDescription() + "; the delay keeps doubling to the cap" : "");
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
        events.restart(rec);
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
        policy.markUnhealthy(scheduler.nanoTime());
        r.cancelProbes();
        LOG.warn("stopping child {}: {}{}", r.handle.pid(), reason == null ? "" : reason.jsonName() + ": ", detail);
        monitor.terminate(r);
        publish();
    }

    private void cancelWaits() {
        backoffTimer.cancel();
        fatalWatch.cancel();
    }

    private void finishShutdown() {
        finished = true;
        publish();
        events.stopped();
        stopped.complete(null);
    }

    private void transition(ChildState to) {
        ChildState from = machine.transition(to);
        if (to == STARTING) {
            fatalReason = null;
        }
        LOG.info("child state {} -> {}", from.jsonName(), to.jsonName());
        events.transitioned(from, to);
    }

    private void publish() {
        StatusSnapshot s = snapshotNow();
        lastSnapshot = s;
        try {
            parts.status().publish(s);
        } catch (RuntimeException e) {
            LOG.warn("cannot publish the status: {}", e.getMessage());
        }
        events.published(s);
    }

    private StatusSnapshot snapshotNow() {
        SupervisorState supState = finished ? SupervisorState.STOPPED
                : shuttingDown ? SupervisorState.STOPPING : SupervisorState.RUNNING;
        return status.assemble(run, machine.state(), lastExit, lastOutput, fatalReason, lastDecision, nextStartAt,
                supState);
    }
}
