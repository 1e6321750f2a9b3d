package io.ultrareliability.bot.gateway;

import java.time.Duration;
import java.util.ArrayDeque;

import static java.util.Objects.requireNonNull;

/**
 * Discord allows {@code max_concurrency} IDENTIFYs per 5 s window. The gate hands out start
 * times: {@link #reserve(long)} returns how long the caller must wait before sending its
 * IDENTIFY and books that slot. With a zero interval (a local simulator) it never waits,
 * unlike JDA's default controller, which sleeps 5 s after every IDENTIFY.
 *
 * <p>Shared by every JDA instance the process builds, so fresh instances respect the limit too.
 */
public final class IdentifyGate {
    private final long intervalMillis;
    private final int concurrency;
    private final ArrayDeque<Long> recent = new ArrayDeque<>();

    public IdentifyGate(Duration interval, int concurrency) {
        requireNonNull(interval, "interval is null");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval is negative: " + interval);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1: " + concurrency);
        }
        this.intervalMillis = interval.toMillis();
        this.concurrency = concurrency;
    }

    /** @return milliseconds to wait before the IDENTIFY booked by this call may be sent */
    public synchronized long reserve(long now) {
        if (intervalMillis == 0) {
            return 0;
        }
        while (!recent.isEmpty() && recent.peekFirst() + intervalMillis <= now) {
            recent.pollFirst();
        }
        long start = now;
        if (recent.size() >= concurrency) {
            // the slot frees when the oldest of the last `concurrency` identifies leaves the window
            Long[] booked = recent.toArray(new Long[0]);
            start = Math.max(now, booked[booked.length - concurrency] + intervalMillis);
        }
        recent.addLast(start);
        while (recent.size() > concurrency) {
            recent.pollFirst();
        }
        return start - now;
    }
}
