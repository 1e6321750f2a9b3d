package io.ultrareliability.supervisor.testkit;

import io.ultrareliability.supervisor.core.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.PriorityQueue;

/**
 * A scheduler whose time moves only when the test says so. Tasks run on the test thread,
 * in due order, inside {@link #runPending()} and {@link #advance(Duration)}.
 */
public final class ManualScheduler implements Scheduler {
    private record Timer(long due, long seq, Runnable task, boolean[] cancelled) {
    }

    private final Deque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) ->
            a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private Instant wall = Instant.parse("2026-01-01T00:00:00Z");
    private long nanos = 1_000_000_000L;
    private long seq;

    @Override
    public synchronized Instant now() {
        return wall;
    }

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public synchronized void execute(Runnable task) {
        ready.add(task);
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        timers.add(new Timer(nanos + Math.max(0, delay.toNanos()), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Runs everything due now, including what those tasks post or schedule for now. */
    public void runPending() {
        for (int guard = 0; guard < 100_000; guard++) {
            Runnable next;
            synchronized (this) {
                next = ready.poll();
                if (next == null) {
                    Timer t = timers.peek();
                    if (t != null && t.due <= nanos) {
                        timers.poll();
                        if (!t.cancelled[0]) {
                            next = t.task;
                        } else {
                            continue;
                        }
                    }
                }
            }
            if (next == null) {
                return;
            }
            next.run();
        }
        throw new AssertionError("runaway tasks: more than 100000 at one instant");
    }

    /** Moves time forward by {@code d}, firing each timer at its own due time. */
    public void advance(Duration d) {
        long target;
        synchronized (this) {
            target = nanos + d.toNanos();
        }
        runPending();
        while (true) {
            Timer t;
            synchronized (this) {
                t = timers.peek();
                if (t == null || t.due > target) {
                    break;
                }
                moveTo(t.due);
            }
            runPending();
        }
        synchronized (this) {
            moveTo(target);
        }
        runPending();
    }

    private void moveTo(long target) {
        if (target > nanos) {
            wall = wall.plusNanos(target - nanos);
            nanos = target;
        }
    }

    /** Live (not cancelled) timers, for asserting that nothing is left pending. */
    public synchronized long liveTimers() {
        return timers.stream().filter(t -> !t.cancelled[0]).count();
    }
}
