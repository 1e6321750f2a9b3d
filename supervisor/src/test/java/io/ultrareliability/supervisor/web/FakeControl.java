package io.ultrareliability.supervisor.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private double latencyMs = 3.5;
    private long rssBytes = 120L * 1024 * 1024;
    private boolean crashLoop;
    private boolean demoMode;
    private final List<Map<String, Object>> history = new ArrayList<>();
    private final List<String> logLines = new ArrayList<>();
    private RuntimeException failWith;
    private RuntimeException refuseWith;
    private String stateAfterRestart = "starting";
    private Map<String, Object> extra = Map.of();

    synchronized FakeControl state(String s) {
        state = s;
        return this;
    }

    synchronized FakeControl health(boolean ok, double latency) {
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

    /** Extra top-level fields merged into the snapshot. */
    synchronized FakeControl extra(Map<String, Object> fields) {
        extra = fields;
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
    public synchronized Map<String, Object> statusSnapshot() {
        maybeFail();
        snapshots.incrementAndGet();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", 1);
        root.put("updated_at", "2026-11-23T14:00:00Z");
        Map<String, Object> sup = new LinkedHashMap<>();
        sup.put("pid", 1111);
        sup.put("state", "supervising");
        sup.put("aot_cache", new LinkedHashMap<>(Map.of("state", "ready", "in_use", true, "detail", "trained in 12s")));
        sup.put("demo_mode", demoMode);
        root.put("supervisor", sup);
        Map<String, Object> child = new LinkedHashMap<>();
        child.put("pid", state.equals("stopped") ? null : childPid);
        child.put("state", state);
        child.put("restarts", restarts);
        child.put("uptime_seconds", 3723.5);
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("ok", healthOk);
        health.put("consecutive_failures", healthOk ? 0 : 2);
        health.put("latency_ms", latencyMs);
        child.put("health", health);
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("rss_bytes", rssBytes);
        child.put("memory", memory);
        root.put("child", child);
        root.put("backoff", new LinkedHashMap<>(Map.of("next_delay_ms", 0)));
        root.put("crash_loop", crashLoop);
        root.put("restart_history", new ArrayList<>(history));
        root.putAll(extra);
        return root;
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
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("at", Instant.parse("2026-11-23T14:00:00Z").plusSeconds(restarts).toString());
        entry.put("reason", reason);
        entry.put("exit_code", null);
        entry.put("signal", "SIGTERM");
        entry.put("uptime_seconds", 3723.5);
        entry.put("next_delay_ms", 0);
        history.add(0, entry);
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
