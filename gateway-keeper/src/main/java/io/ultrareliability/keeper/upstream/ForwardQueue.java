package io.ultrareliability.keeper.upstream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Bot frames (presence, voice, member requests) on their way upstream. Discord allows 120 sends
 * per connection per 60 s and heartbeats must always get through, so forwarded frames use at most
 * {@link #FORWARD_LIMIT} of each window; what does not fit, or arrives while the session is not
 * live, waits in a bounded queue ({@link #QUEUE}); beyond it, it is dropped and counted. Pure:
 * {@code now} is passed in. Used from the shard's thread only.
 */
final class ForwardQueue {
    static final int FORWARD_LIMIT = 100;
    static final int QUEUE = 100;
    static final Duration WINDOW = Duration.ofSeconds(60);

    private final ArrayDeque<String> waiting = new ArrayDeque<>();
    private Instant start;
    private int used;
    private long dropped;

    /** Sends {@code frame} now if live and in budget, else queues it; false if it was dropped. */
    boolean offer(String frame, boolean live, Instant now, Consumer<String> send) {
        if (live && waiting.isEmpty() && tryForward(now)) {
            send.accept(frame);
            return true;
        }
        if (waiting.size() < QUEUE) {
            waiting.addLast(frame);
            return true;
        }
        dropped++;
        return false;
    }

    /** Sends what waited, as far as the window allows (the session just became live). */
    void flush(Instant now, Consumer<String> send) {
        while (!waiting.isEmpty() && tryForward(now)) {
            send.accept(waiting.pollFirst());
        }
    }

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

    long dropped() {
        return dropped;
    }

    int waiting() {
        return waiting.size();
    }
}
