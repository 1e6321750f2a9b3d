package io.ultrareliability.e2e;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The thread behind the watchers ({@link SessionSampler}, {@link StatusFileReader}): runs one
 * step, waits a period, again, until {@link #close()}. Bounded even when a test forgets to
 * close it: a daemon thread that ends by itself after {@link #MAX_LIFETIME} (longer than the
 * soak, the longest run that keeps one watcher).
 */
final class Poller implements AutoCloseable {
    static final Duration MAX_LIFETIME = Duration.ofHours(2);

    private final Thread thread;
    private volatile boolean running = true;

    private Poller(String name, Duration period, Runnable step) {
        long periodNanos = period.toNanos();
        long end = System.nanoTime() + MAX_LIFETIME.toNanos();
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(() -> {
            while (running && !Thread.currentThread().isInterrupted() && System.nanoTime() - end < 0) {
                step.run();
                LockSupport.parkNanos(periodNanos);
            }
        });
    }

    /** Starts polling: {@code step} every {@code period} (plus the step's own time). */
    static Poller start(String name, Duration period, Runnable step) {
        requireNonNull(name, "name is null");
        requireNonNull(step, "step is null");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        Poller p = new Poller(name, period, step);
        p.thread.start();
        return p;
    }

    /** Stops the thread and waits (at most 5 s) for the step in flight to finish. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
