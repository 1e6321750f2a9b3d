package io.ultrareliability.keeper.interaction;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which interactions no bot has confirmed reading in time (issue 17). Discord gives 3 s to
 * acknowledge an INTERACTION_CREATE; a bot that has not even read it {@code deferAfter} after the
 * keeper got it (dead, restarting, stalled) will not make it, so the keeper defers it upstream on
 * the bot's behalf. "Read" means a heartbeat of a session the dispatch was sent to carried a
 * sequence at or above the dispatch's. Pure: time is passed in; the caller holds one lock.
 *
 * <p>Discord's 3 s run from the interaction's creation, not from its arrival here: one the keeper
 * gets late (replayed after the keeper's own RESUME) is due {@code deferAfter} after the time in
 * its snowflake id, or at once when that is already past. An id whose time is implausible (a
 * test's tiny id, a clock far off) counts from arrival, as before.
 */
public final class InteractionDeferrals {
    /** One interaction to acknowledge with type 5 now. */
    public record Due(long id, String token) {
        public Due {
            requireNonNull(token, "token is null");
        }
    }

    /** An interaction a dead session was sent as its frame {@code seq} and never confirmed. */
    public record Unread(long id, long seq, String data) {
        public Unread {
            requireNonNull(data, "data is null");
        }
    }

    private static final class Waiting {
        final Due interaction;
        final String data;
        final Instant deadline;
        final Map<String, Long> seqBySession = new HashMap<>();

        Waiting(Due interaction, String data, Instant deadline) {
            this.interaction = interaction;
            this.data = data;
            this.deadline = deadline;
        }
    }

    /** Discord's epoch (2015-01-01T00:00:00Z) in Unix milliseconds: snowflake time starts here. */
    static final long DISCORD_EPOCH_MS = 1_420_070_400_000L;
    /** A creation time later than arrival by more than this is a clock off (or no snowflake). */
    static final Duration MAX_FUTURE = Duration.ofSeconds(1);
    /** Older than an interaction token's life: not a real, answerable interaction's time. */
    static final Duration MAX_AGE = Duration.ofMinutes(15);

    private final Duration deferAfter;
    private final int capacity;
    // Insertion order is arrival order (for eviction), not deadline order: a replayed interaction
    // counts from its creation, so due() and nextDeadline() look at all of them (few wait: a
    // bot confirms within a heartbeat interval; at most capacity).
    private final LinkedHashMap<Long, Waiting> waiting = new LinkedHashMap<>();
    private final LinkedHashSet<Long> deferred = new LinkedHashSet<>();

    public InteractionDeferrals(Duration deferAfter, int capacity) {
        this.deferAfter = requireNonNull(deferAfter, "deferAfter is null");
        if (deferAfter.isNegative() || deferAfter.isZero()) {
            throw new IllegalArgumentException("deferAfter must be positive, got " + deferAfter);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** The keeper got interaction {@code id} at {@code now}; {@link #sentTo} says which sessions got it (none: buffered). */
    public void arrived(long id, String token, String data, Instant now) {
        requireNonNull(data, "data is null");
        requireNonNull(now, "now is null");
        if (token == null || token.isEmpty() || waiting.containsKey(id)) {
            return;
        }
        if (waiting.size() >= capacity) {
            // A flood of interactions nobody reads: the oldest is the most likely already lost.
            Iterator<Long> oldest = waiting.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        waiting.put(id, new Waiting(new Due(id, token), data, counted(id, now).plus(deferAfter)));
    }

    /** When Discord's clock for {@code id} started: its snowflake time if plausible and earlier than {@code now}, else {@code now}. */
    static Instant counted(long id, Instant now) {
        Instant created = Instant.ofEpochMilli(DISCORD_EPOCH_MS + (id >> 22));
        if (created.isAfter(now.plus(MAX_FUTURE)) || created.isBefore(now.minus(MAX_AGE))) {
            return now;
        }
        return created.isBefore(now) ? created : now;
    }

    /** Interaction {@code id} was written to {@code sessionId} as its frame {@code seq}. */
    public void sentTo(long id, String sessionId, long seq) {
        Waiting w = waiting.get(id);
        if (w != null) {
            w.seqBySession.put(requireNonNull(sessionId, "sessionId is null"), seq);
        }
    }

    /** A heartbeat of {@code sessionId}: its bot has read every frame up to {@code seq}. */
    public void read(String sessionId, long seq) {
        requireNonNull(sessionId, "sessionId is null");
        waiting.values().removeIf(w -> {
            Long sent = w.seqBySession.get(sessionId);
            return sent != null && sent <= seq;
        });
    }

    /**
     * The socket of {@code sessionId} is gone and no other bot is live: the interactions it was
     * sent but never confirmed reading (its last heartbeat said {@code lastReadSeq}), for the buffer. The bot may have died with them unread (the at-most-once window
     * of docs/keeper.md); for an interaction at-least-once is better, because the keeper defers it
     * anyway and only a bot can complete it. They stay waiting, so the defer deadline still holds.
     */
    public List<Unread> unreadBy(String sessionId, long lastReadSeq) {
        requireNonNull(sessionId, "sessionId is null");
        List<Unread> unread = new ArrayList<>();
        for (Waiting w : waiting.values()) {
            Long sent = w.seqBySession.get(sessionId);
            if (sent != null && sent > lastReadSeq) {
                w.seqBySession.remove(sessionId);
                unread.add(new Unread(w.interaction.id(), sent, w.data));
            }
        }
        return unread;
    }

    /** Interactions whose time is up at {@code now}: removed here and remembered as deferred. */
    public List<Due> due(Instant now) {
        requireNonNull(now, "now is null");
        List<Due> due = new ArrayList<>();
        Iterator<Waiting> it = waiting.values().iterator();
        while (it.hasNext()) {
            Waiting w = it.next();
            if (w.deadline.isAfter(now)) {
                continue;
            }
            it.remove();
            due.add(w.interaction);
            remember(w.interaction.id());
        }
        return due;
    }

    /** When {@link #due} has something next (possibly already past: due at once), if anything waits. */
    public Optional<Instant> nextDeadline() {
        return waiting.values().stream().map(w -> w.deadline).min(Instant::compareTo);
    }

    /** Whether the keeper deferred {@code id} (so the bot must edit, not acknowledge). */
    public boolean deferred(long id) {
        return deferred.contains(id);
    }

    public int waiting() {
        return waiting.size();
    }

    private void remember(long id) {
        deferred.add(id);
        if (deferred.size() > capacity) {
            Iterator<Long> oldest = deferred.iterator();
            oldest.next();
            oldest.remove();
        }
    }
}
