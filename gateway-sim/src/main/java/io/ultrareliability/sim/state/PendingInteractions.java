package io.ultrareliability.sim.state;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Interactions the simulator injected, with Discord's deadlines: an acknowledgement (callback
 * type 4 or 5) must come within {@link #ACK_DEADLINE} of the dispatch, else the user sees "This
 * interaction failed" and a late callback gets 10062 (when {@link #enforceDeadline enforced}); a second one gets 40060; the token then
 * works {@link #TOKEN_LIFETIME} for follow-ups and edits of {@code @original}. Time is passed in.
 */
public final class PendingInteractions {
    public static final Duration ACK_DEADLINE = Duration.ofSeconds(3);
    public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);

    /** What a callback gets. */
    public enum Ack { ACKNOWLEDGED, ALREADY_ACKNOWLEDGED, EXPIRED }

    /** One injected interaction; {@code token} is the interaction token, not a bot token. */
    public static final class Pending {
        private final long id;
        private final String token;
        private final int tokenIndex;
        private final long channelId;
        private final long guildId;
        private final Instant dispatchedAt;
        private Instant acknowledgedAt;
        private boolean deferred;
        private boolean completed;

        public Pending(long id, String token, int tokenIndex, long channelId, long guildId, Instant dispatchedAt) {
            this.id = id;
            this.token = requireNonNull(token, "token is null");
            this.tokenIndex = tokenIndex;
            this.channelId = channelId;
            this.guildId = guildId;
            this.dispatchedAt = requireNonNull(dispatchedAt, "dispatchedAt is null");
        }

        public long id() { return id; }
        public String token() { return token; }
        public int tokenIndex() { return tokenIndex; }
        public long channelId() { return channelId; }
        public long guildId() { return guildId; }
    }

    private final Map<Long, Pending> byId = new ConcurrentHashMap<>();
    private final Map<String, Pending> byToken = new ConcurrentHashMap<>();
    private final AtomicLong injected = new AtomicLong();
    private final AtomicLong acknowledgedInTime = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong lateCallbacks = new AtomicLong();
    private volatile boolean enforced;

    /**
     * Refuse acknowledgements after 3 s with 10062, as Discord does. Off by default: existing
     * tests answer through a 2-3 s REST 429, which Discord would refuse; late answers are then
     * accepted but still counted ({@code failed}, {@code late_callbacks}).
     */
    public void enforceDeadline(boolean on) {
        enforced = on;
    }

    public void add(Pending pending) {
        byId.put(pending.id(), pending);
        byToken.put(pending.token(), pending);
        injected.incrementAndGet();
    }

    public Optional<Pending> byId(long id, String token) {
        Pending pending = byId.get(id);
        return pending != null && pending.token().equals(token) ? Optional.of(pending) : Optional.empty();
    }

    public Optional<Pending> byToken(String token) {
        return Optional.ofNullable(byToken.get(token));
    }

    /** A callback of type 4 ({@code deferred == false}) or 5 at {@code now}. */
    public Ack acknowledge(Pending p, boolean deferred, Instant now) {
        synchronized (p) {
            if (p.acknowledgedAt != null) {
                return Ack.ALREADY_ACKNOWLEDGED;
            }
            boolean late = now.isAfter(p.dispatchedAt.plus(ACK_DEADLINE));
            if (late) {
                lateCallbacks.incrementAndGet();
                if (enforced) {
                    return Ack.EXPIRED;
                }
            } else {
                acknowledgedInTime.incrementAndGet();
            }
            p.acknowledgedAt = now;
            p.deferred = deferred;
            if (!deferred) {
                markCompleted(p);
            }
            return Ack.ACKNOWLEDGED;
        }
    }

    /**
     * A follow-up or an edit of {@code @original}: allowed for {@link #TOKEN_LIFETIME} after the
     * acknowledgement, as Discord's webhook token; the first one after a deferral completes it.
     */
    public boolean webhookUsable(Pending p, Instant now) {
        synchronized (p) {
            if (p.acknowledgedAt == null || now.isAfter(p.acknowledgedAt.plus(TOKEN_LIFETIME))) {
                return false;
            }
            markCompleted(p);
            return true;
        }
    }

    private void markCompleted(Pending p) {
        if (!p.completed) {
            p.completed = true;
            completed.incrementAndGet();
        }
    }

    /** Counts at {@code now}; {@code failed}: not acknowledged within 3 s of the dispatch. */
    public Counts counts(Instant now) {
        long failed = 0;
        for (Pending p : byId.values()) {
            synchronized (p) {
                Instant deadline = p.dispatchedAt.plus(ACK_DEADLINE);
                if (now.isAfter(deadline) && (p.acknowledgedAt == null || p.acknowledgedAt.isAfter(deadline))) {
                    failed++;
                }
            }
        }
        return new Counts(injected.get(), acknowledgedInTime.get(), failed, completed.get(), lateCallbacks.get());
    }

    /** Interaction figures for {@code /_sim/stats}. */
    public record Counts(long injected, long acknowledgedInTime, long failed, long completed, long lateCallbacks) {
        public static final Counts NONE = new Counts(0, 0, 0, 0, 0);
    }

    public void clear() {
        byId.clear();
        byToken.clear();
        injected.set(0);
        acknowledgedInTime.set(0);
        completed.set(0);
        lateCallbacks.set(0);
    }
}
