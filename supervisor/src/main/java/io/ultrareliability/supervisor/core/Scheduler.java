package io.ultrareliability.supervisor.core;

import java.time.Duration;
import java.time.Instant;

/**
 * Time and timers for the supervisor core. Every wait of the core (probe intervals, grace,
 * backoff, stable period) goes through this, so tests drive it with a manual scheduler.
 * Implementations run all tasks on one thread, in order: the core's state is confined to it.
 */
public interface Scheduler {
    /** Wall-clock time, for timestamps and comparing with times the child reports. */
    Instant now();

    /** Monotonic time in nanoseconds, for durations (uptime, backoff, stable period). */
    long nanoTime();

    /** Runs the task on the scheduler's thread as soon as possible. */
    void execute(Runnable task);

    /** Runs the task once after the delay, unless cancelled first. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that can still be called off. */
    @FunctionalInterface
    interface Cancellable {
        Cancellable NONE = () -> { };

        void cancel();
    }
}
