package io.ultrareliability.supervisor.aot;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The AOT cache's state for the status document, {@code supervisor.aot_cache}: written on the
 * supervisor loop, read by the status writer thread.
 * <ul>
 *   <li>{@code off}: not used; {@code detail} says why (config, JDK older than 25)
 *   <li>{@code none}: no valid cache yet; trained once the bot is healthy
 *   <li>{@code training}: a training run is in progress
 *   <li>{@code ready}: a cache for this build exists; {@code in_use} tells whether the live bot
 *       started from it
 *   <li>{@code failed}: the last training run failed; {@code detail} says how
 * </ul>
 */
public final class AotCacheStatus {
    /** One state; {@code since} is when it was entered. */
    public record State(String state, String detail, boolean inUse, Instant since) {
        public State {
            requireNonNull(state, "state is null");
            requireNonNull(detail, "detail is null");
        }
    }

    private volatile State current;

    /** Nothing to show (a child command of one's own): the field is left out. */
    public AotCacheStatus() {
        this.current = null;
    }

    void set(String state, String detail, boolean inUse, Instant since) {
        current = new State(state, detail, inUse, since);
    }

    void inUse(boolean inUse) {
        State s = current;
        if (s != null && s.inUse() != inUse) {
            current = new State(s.state(), s.detail(), inUse, s.since());
        }
    }

    public State current() {
        return current;
    }

    /** Adds {@code supervisor.aot_cache} to a status document; returns it. */
    public ObjectNode decorate(ObjectNode status) {
        State s = current;
        if (s != null && status.get("supervisor") instanceof ObjectNode sup) {
            ObjectNode a = sup.putObject("aot_cache");
            a.put("state", s.state());
            a.put("in_use", s.inUse());
            a.put("since", s.since() == null ? null : s.since().toString());
            a.put("detail", s.detail());
        }
        return status;
    }
}
