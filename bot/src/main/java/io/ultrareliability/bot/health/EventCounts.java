package io.ultrareliability.bot.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gateway dispatches this bot process received, counted from JDA's raw events (every op 0 frame,
 * READY and RESUMED included), across all its JDA instances. Tests count with it what a bot saw:
 * e.g. that every message injected while it was down reached the next process. Increments only,
 * so the gateway threads never wait.
 */
public final class EventCounts {
    public static final String MESSAGE_CREATE = "MESSAGE_CREATE";
    public static final String INTERACTION_CREATE = "INTERACTION_CREATE";

    private final AtomicLong dispatches = new AtomicLong();
    private final AtomicLong messageCreate = new AtomicLong();
    private final AtomicLong interactionCreate = new AtomicLong();

    /** @param type the dispatch's {@code t}; null counts as a dispatch of no known type */
    public void dispatch(String type) {
        dispatches.incrementAndGet();
        if (MESSAGE_CREATE.equals(type)) {
            messageCreate.incrementAndGet();
        } else if (INTERACTION_CREATE.equals(type)) {
            interactionCreate.incrementAndGet();
        }
    }

    public Counts counts() {
        return new Counts(messageCreate.get(), interactionCreate.get(), dispatches.get());
    }

    /** One reading; the three are read one after the other, not as one atomic snapshot. */
    public record Counts(long messageCreate, long interactionCreate, long dispatches) {
        public static final Counts NONE = new Counts(0, 0, 0);

        /** The {@code events_received} object of {@code /discord-status}. */
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("message_create", messageCreate);
            m.put("interaction_create", interactionCreate);
            m.put("dispatches", dispatches);
            return m;
        }
    }
}
