package io.ultrareliability.supervisor.testkit;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.supervisor.core.Scheduler;
import io.ultrareliability.supervisor.web.PeriodicScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Time and timers that move only when the test says so: the core's {@link Scheduler}, the web
 * layer's {@link PeriodicScheduler} and an {@link InstantSource} on one timeline. Tasks run on
 * the test thread, in due order, inside {@link #runPending()} and {@link #advance(Duration)};
 * a periodic task is due at once when registered, then every period (fixed rate).
 */
public final class ManualScheduler implements Scheduler, PeriodicScheduler, InstantSource {
    private record Timer(long due, long seq, Runnable task, boolean[] cancelled) {
    }

    private final Deque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) ->
            a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private final List<Duration> periods = new ArrayList<>();
    private Instant wall;
    private long nanos = 1_000_000_000L;
    private long seq;

    /** Starts at 2026-01-01T00:00:00Z. */
    public ManualScheduler() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public ManualScheduler(Instant start) {
        this.wall = requireNonNull(start, "start is null");
    }

    @Override
    public synchronized Instant now() {
        return wall;
    }

    @Override
    public Instant instant() {
        return now();
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
    public synchronized Scheduler.Cancellable schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        timers.add(new Timer(nanos + Math.max(0, delay.toNanos()), seq++, task, cancelled));
        return () -> cancel(cancelled);
    }

    @Override
    public synchronized PeriodicScheduler.Cancellable everyPeriod(Duration period, Runnable task) {
        requireNonNull(task, "task is null");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        periods.add(period);
        boolean[] cancelled = {false};
        addPeriodic(nanos, period.toNanos(), task, cancelled);
        return () -> cancel(cancelled);
    }

    private void addPeriodic(long due, long periodNanos, Runnable task, boolean[] cancelled) {
        timers.add(new Timer(due, seq++, () -> {
            task.run();
            synchronized (this) {
                if (!cancelled[0]) {
                    addPeriodic(due + periodNanos, periodNanos, task, cancelled);
                }
            }
        }, cancelled));
    }

    private synchronized void cancel(boolean[] cancelled) {
        cancelled[0] = true;
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

    /** Live (not cancelled) timers, periodic ones included, for asserting that nothing is left pending. */
    public synchronized long liveTimers() {
        return timers.stream().filter(t -> !t.cancelled[0]).count();
    }

    /** The periods asked of {@link #everyPeriod}, in order. */
    public synchronized List<Duration> periods() {
        return List.copyOf(periods);
    }
}
