package io.ultrareliability.common.time;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A point on a monotonic nanosecond clock ({@link System#nanoTime()} in production, a fake in
 * tests). Several waits can share one deadline (first wait for X, then for Y, within the same
 * budget). Compared by difference, so it stays right when the clock wraps.
 */
public final class Deadline {
    private final LongSupplier nanoTime;
    private final long atNanos;

    private Deadline(LongSupplier nanoTime, long atNanos) {
        this.nanoTime = nanoTime;
        this.atNanos = atNanos;
    }

    /** {@code timeout} from now on {@link System#nanoTime()}. */
    public static Deadline after(Duration timeout) {
        return after(timeout, System::nanoTime);
    }

    /** {@code timeout} from now on {@code nanoTime}; a timeout beyond ~292 years is capped there. */
    public static Deadline after(Duration timeout, LongSupplier nanoTime) {
        requireNonNull(timeout, "timeout is null");
        requireNonNull(nanoTime, "nanoTime is null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be >= 0, got " + timeout);
        }
        return new Deadline(nanoTime, nanoTime.getAsLong() + saturatedNanos(timeout));
    }

    /** True once the clock reached the deadline. */
    public boolean passed() {
        return nanoTime.getAsLong() - atNanos >= 0;
    }

    /** Time left, zero once passed. */
    public Duration remaining() {
        long left = atNanos - nanoTime.getAsLong();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    private static long saturatedNanos(Duration d) {
        // Long.MAX_VALUE / 2 keeps "now + timeout" from wrapping past the comparison window.
        long cap = Long.MAX_VALUE / 2;
        return d.compareTo(Duration.ofNanos(cap)) >= 0 ? cap : d.toNanos();
    }

    @Override
    public String toString() {
        return "Deadline[remaining " + remaining() + "]";
    }
}
