package io.ultrareliability.keeper.upstream;

import java.time.Duration;
import java.time.Instant;

/**
 * Discord allows 120 sends per connection per 60 s; heartbeats must always get through, so
 * forwarded bot frames (presence, voice, member requests) may use at most {@link #FORWARD_LIMIT}
 * of each window. Pure: {@code now} is passed in.
 */
final class SendWindow {
    static final int FORWARD_LIMIT = 100;
    static final Duration WINDOW = Duration.ofSeconds(60);

    private Instant start;
    private int used;

    boolean tryForward(Instant now) {
        if (start == null || !now.isBefore(start.plus(WINDOW))) {
            start = now;
            used = 0;
        }
        if (used >= FORWARD_LIMIT) {
            return false;
        }
        used++;
        return true;
    }
}
