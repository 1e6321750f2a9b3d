package io.ultrareliability.keeper.upstream;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * The upstream heartbeat as a pure state machine: the caller passes {@code now} in and gets the
 * next deadline back (OkHttp style), so the timing is tested exactly without sleeping.
 *
 * <p>Discord: the first heartbeat waits {@code interval * random} (jitter, so a fleet does not
 * beat in step), then one every interval. A heartbeat due while the previous one is still
 * unacknowledged means the connection is a zombie: close it (not 1000) and resume.
 */
public final class Heartbeats {
    /** What is due at a deadline. */
    public enum Beat {
        SEND,
        ZOMBIE
    }

    private final Duration interval;
    private Instant next;
    private boolean awaitingAck;
    private Instant lastAck;
    private Instant lastSent;

    public Heartbeats(Duration interval) {
        requireNonNull(interval, "interval is null");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
        this.interval = interval;
    }

    /** After HELLO; returns the first deadline. {@code random} in [0, 1). */
    public Instant start(Instant now, double random) {
        requireNonNull(now, "now is null");
        if (!(random >= 0.0 && random < 1.0)) {
            throw new IllegalArgumentException("random must be in [0, 1), got " + random);
        }
        awaitingAck = false;
        next = now.plusMillis(Math.round(interval.toMillis() * random));
        return next;
    }

    /**
     * At (or after) the deadline: SEND (and the next deadline moves one interval on) or ZOMBIE
     * when the last heartbeat was never acknowledged.
     */
    public Beat due(Instant now) {
        requireNonNull(now, "now is null");
        if (next == null) {
            throw new IllegalStateException("start() first");
        }
        if (awaitingAck) {
            return Beat.ZOMBIE;
        }
        awaitingAck = true;
        lastSent = now;
        next = now.plus(interval);
        return Beat.SEND;
    }

    /** Op 1 from the server: send one now; the schedule does not change (Discord's rule). */
    public void sentOnRequest(Instant now) {
        lastSent = requireNonNull(now, "now is null");
        awaitingAck = true;
    }

    public void acked(Instant now) {
        lastAck = requireNonNull(now, "now is null");
        awaitingAck = false;
    }

    public Instant nextDeadline() {
        return next;
    }

    /** Round trip of the last acknowledged heartbeat, or null. */
    public Duration latency() {
        return lastAck == null || lastSent == null || lastAck.isBefore(lastSent) ? null
                : Duration.between(lastSent, lastAck);
    }

    public Instant lastAck() {
        return lastAck;
    }

    public Duration interval() {
        return interval;
    }
}
