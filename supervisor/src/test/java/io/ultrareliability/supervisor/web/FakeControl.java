package io.ultrareliability.supervisor.web;

import io.ultrareliability.supervisor.probe.IdentifyBudget;
import io.ultrareliability.supervisor.status.AotCache;
import io.ultrareliability.supervisor.status.AotCacheState;
import io.ultrareliability.supervisor.status.ChildState;
import io.ultrareliability.supervisor.status.Program;
import io.ultrareliability.supervisor.status.RestartEntry;
import io.ultrareliability.supervisor.status.RestartReason;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import io.ultrareliability.supervisor.status.SupervisorState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A supervisor core for the web tests: holds a status in the shape of the real status file and
 * reacts to restart/stop/start like the core would (new PID, a restart_history entry, state).
 */
final class FakeControl implements SupervisorControl {
    final List<String> restartReasons = new CopyOnWriteArrayList<>();
    final AtomicInteger stops = new AtomicInteger();
    final AtomicInteger starts = new AtomicInteger();
    final AtomicInteger snapshots = new AtomicInteger();

    private String state = "running";
    private long childPid = 4242;
    private int restarts;
    private boolean healthOk = true;
    private long latencyMs = 3;
    private long rssBytes = 120L * 1024 * 1024;
    private boolean crashLoop;
    private boolean demoMode;
    private final List<RestartEntry> history = new ArrayList<>();
    private final List<String> logLines = new ArrayList<>();
    private RuntimeException failWith;
    private RuntimeException refuseWith;
    private String stateAfterRestart = "starting";
    private String fatalReason;
    private List<String> lastOutput = List.of();
    private StatusSnapshot.Child keeper;
    private long backoffDelayMs;
    private IdentifyBudget identifyBudget;

    synchronized FakeControl state(String s) {
        state = s;
        return this;
    }

    synchronized FakeControl health(boolean ok, long latency) {
        healthOk = ok;
        latencyMs = latency;
        return this;
    }

    synchronized FakeControl rss(long bytes) {
        rssBytes = bytes;
        return this;
    }

    synchronized FakeControl crashLoop(boolean on) {
        crashLoop = on;
        return this;
    }

    synchronized FakeControl demoMode(boolean on) {
        demoMode = on;
        return this;
    }

    synchronized FakeControl logLines(List<String> lines) {
        logLines.clear();
        logLines.addAll(lines);
        return this;
    }

    /** Every call of every method throws this (a broken core). */
    synchronized FakeControl failWith(RuntimeException e) {
        failWith = e;
        return this;
    }

    /** Actions throw this (the core refusing in its current state). */
    synchronized FakeControl refuseActionsWith(RuntimeException e) {
        refuseWith = e;
        return this;
    }

    synchronized FakeControl stateAfterRestart(String s) {
        stateAfterRestart = s;
        return this;
    }

    synchronized FakeControl fatalReason(String reason) {
        fatalReason = reason;
        return this;
    }

    synchronized FakeControl lastOutput(List<String> lines) {
        lastOutput = List.copyOf(lines);
        return this;
    }

    synchronized FakeControl backoffDelayMs(long ms) {
        backoffDelayMs = ms;
        return this;
    }

    synchronized FakeControl identifyBudget(IdentifyBudget budget) {
        identifyBudget = budget;
        return this;
    }

    /** The keeper section; null: the supervisor runs no keeper. */
    synchronized FakeControl keeper(StatusSnapshot.Child section) {
        keeper = section;
        return this;
    }

    synchronized long childPid() {
        return childPid;
    }

    private void maybeFail() {
        if (failWith != null) {
            throw failWith;
        }
    }

    @Override
    public synchronized StatusSnapshot statusSnapshot() {
        maybeFail();
        snapshots.incrementAndGet();
        Instant t = Instant.parse("2026-11-23T14:00:00Z");
        StatusSnapshot.Supervisor sup = new StatusSnapshot.Supervisor(1111, SupervisorState.RUNNING, t, "test")
                .withAotCache(new AotCache(AotCacheState.READY, true, t, "trained in 12s")).withDemoMode(demoMode);
        ChildState s = ChildState.valueOf(state.toUpperCase(Locale.ROOT));
        StatusSnapshot.Child child = StatusSnapshot.Child.of(Program.BOT, s == ChildState.STOPPED ? 0 : childPid, s, t,
                restarts, 3723.5, null, fatalReason, lastOutput,
                new StatusSnapshot.Health(healthOk, healthOk ? 200 : 503, healthOk ? 0 : 2, 0, latencyMs, t, null, null),
                identifyBudget, new StatusSnapshot.Memory(rssBytes, 0, 0));
        return new StatusSnapshot(t, sup, child, new StatusSnapshot.Backoff(backoffDelayMs, 0, crashLoop, null), history,
                keeper);
    }

    @Override
    public synchronized List<String> lastChildLogLines(int max) {
        maybeFail();
        return List.copyOf(logLines.subList(Math.max(0, logLines.size() - max), logLines.size()));
    }

    @Override
    public synchronized void requestRestart(String reason) {
        maybeFail();
        if (refuseWith != null) {
            throw refuseWith;
        }
        restartReasons.add(reason);
        history.add(0, new RestartEntry(Instant.parse("2026-11-23T14:00:00Z").plusSeconds(restarts),
                RestartReason.valueOf(reason.toUpperCase(Locale.ROOT)), null, "SIGTERM", 3723.5, 0, childPid, false, "",
                List.of(), Program.BOT));
        restarts++;
        childPid++;
        state = stateAfterRestart;
    }

    @Override
    public synchronized void stopChild() {
        maybeFail();
        if (refuseWith != null) {
            throw refuseWith;
        }
        stops.incrementAndGet();
        state = "stopped";
    }

    @Override
    public synchronized void startChild() {
        maybeFail();
        if (refuseWith != null) {
            throw refuseWith;
        }
        starts.incrementAndGet();
        childPid++;
        state = "starting";
    }

    /** What {@link #supervisionProblem()} answers; null: supervising. */
    volatile String supervisionProblem;

    @Override
    public String supervisionProblem() {
        return supervisionProblem;
    }

    @Override
    public synchronized boolean childHealthy() {
        maybeFail();
        return healthOk && state.equals("running");
    }
}
