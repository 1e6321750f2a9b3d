package io.ultrareliability.supervisor.web;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * Rate limit for the WARN a refused control request logs: the first refusal of a window is
 * logged at once, the rest only counted and named in the next logged line. Someone hammering
 * the API with wrong tokens costs a line per window, not a line per request.
 */
final class RefusalLog {
    private final long windowNanos;
    private boolean started;
    private long windowStart;
    private int suppressed;

    RefusalLog(Duration window) {
        requireNonNull(window, "window is null");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        this.windowNanos = window.toNanos();
    }

    /**
     * @param now monotonic nanoseconds
     * @return the line to log now, or empty when this refusal is only counted
     */
    synchronized Optional<String> refused(String line, long now) {
        if (started && now - windowStart < windowNanos) {
            suppressed++;
            return Optional.empty();
        }
        String out = suppressed == 0 ? line
                : line + " (and " + suppressed + " more refused requests since the last such line)";
        started = true;
        windowStart = now;
        suppressed = 0;
        return Optional.of(out);
    }
}
