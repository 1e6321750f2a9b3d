package io.ultrareliability.supervisor.web;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task at a fixed cadence: the history sampler's only source of timing, so tests drive
 * it by hand and get exact results. The core may adapt its own scheduler to this.
 */
@FunctionalInterface
public interface PeriodicScheduler {
    /** Runs {@code task} now, then every {@code period}, until cancelled. */
    Cancellable everyPeriod(Duration period, Runnable task);

    /** A repeating task that can be stopped. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }

    /** Adapts an executor (the caller owns it and shuts it down). */
    static PeriodicScheduler of(ScheduledExecutorService executor) {
        requireNonNull(executor, "executor is null");
        return (period, task) -> {
            ScheduledFuture<?> f = executor.scheduleAtFixedRate(task, 0, period.toNanos(), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        };
    }
}
