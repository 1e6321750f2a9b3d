package io.ultrareliability.common.time;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Checks something repeatedly until it answers or a deadline passes: the one loop behind every
 * bounded wait on a process, a file or a connection (stop, restart, daemonize, lock, reap).
 * Time and sleeping are injected, so tests run on a fake clock in microseconds.
 *
 * <p>Order of a round: check; return the answer if there is one; return empty when the deadline
 * has passed; else sleep {@code min(interval, time left)} and go again. So the check always
 * runs at least once and once more at the deadline, and the wait never overshoots the deadline
 * by an interval. An interrupt ends the wait with {@link InterruptedException}.
 */
public final class Poll {
    /** Waits; {@code Thread::sleep} in production. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** One check: an answer ends the wait, empty means "not yet". */
    @FunctionalInterface
    public interface Probe<T, E extends Exception> {
        Optional<T> check() throws E;
    }

    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final Duration interval;

    public Poll(LongSupplier nanoTime, Sleeper sleeper, Duration interval) {
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
        this.interval = requireNonNull(interval, "interval is null");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be > 0, got " + interval);
        }
    }

    /** On {@link System#nanoTime()} and {@link Thread#sleep(Duration)}. */
    public static Poll every(Duration interval) {
        return new Poll(System::nanoTime, Thread::sleep, interval);
    }

    public Duration interval() {
        return interval;
    }

    /** A deadline {@code timeout} from now on this poll's clock. */
    public Deadline deadline(Duration timeout) {
        return Deadline.after(timeout, nanoTime);
    }

    /** @return true when {@code condition} held, false when {@code timeout} passed first */
    public boolean until(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        return until(condition, deadline(timeout));
    }

    /** @return true when {@code condition} held, false when {@code deadline} passed first */
    public boolean until(BooleanSupplier condition, Deadline deadline) throws InterruptedException {
        requireNonNull(condition, "condition is null");
        return first(() -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty(), deadline)
                .isPresent();
    }

    /** @return the first answer of {@code probe}, or empty when {@code timeout} passed first */
    public <T, E extends Exception> Optional<T> first(Probe<T, E> probe, Duration timeout)
            throws E, InterruptedException {
        return first(probe, deadline(timeout));
    }

    /** @return the first answer of {@code probe}, or empty when {@code deadline} passed first */
    public <T, E extends Exception> Optional<T> first(Probe<T, E> probe, Deadline deadline)
            throws E, InterruptedException {
        requireNonNull(probe, "probe is null");
        requireNonNull(deadline, "deadline is null");
        while (true) {
            Optional<T> answer = requireNonNull(probe.check(), "probe returned null instead of an Optional");
            if (answer.isPresent()) {
                return answer;
            }
            Duration left = deadline.remaining();
            if (left.isZero()) {
                return Optional.empty();
            }
            sleeper.sleep(left.compareTo(interval) < 0 ? left : interval);
        }
    }
}
