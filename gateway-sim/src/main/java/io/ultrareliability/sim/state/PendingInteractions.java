package io.ultrareliability.sim.state;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** Interactions the simulator injected, so their callbacks and follow-ups can be checked. */
public final class PendingInteractions {
    /** One injected interaction; {@code token} is the interaction token, not a bot token. */
    public record Pending(
            long id, String token, int tokenIndex, long channelId, long guildId, AtomicBoolean acknowledged) {
        public Pending {
            requireNonNull(token, "token is null");
            requireNonNull(acknowledged, "acknowledged is null");
        }
    }

    private final Map<Long, Pending> byId = new ConcurrentHashMap<>();
    private final Map<String, Pending> byToken = new ConcurrentHashMap<>();

    public void add(Pending pending) {
        byId.put(pending.id(), pending);
        byToken.put(pending.token(), pending);
    }

    public Optional<Pending> byId(long id, String token) {
        Pending pending = byId.get(id);
        return pending != null && pending.token().equals(token) ? Optional.of(pending) : Optional.empty();
    }

    public Optional<Pending> byToken(String token) {
        return Optional.ofNullable(byToken.get(token));
    }

    public void clear() {
        byId.clear();
        byToken.clear();
    }
}
