package io.ultrareliability.keeper.downstream;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which bot session asked for which GUILD_MEMBERS_CHUNK (op 8 nonce to session id), so the
 * answer goes to the asker and not to every bot. Bounded and aged: a request nobody answers is
 * forgotten after {@link #TTL}. Guarded by the hub's lock.
 */
final class MemberRequests {
    static final Duration TTL = Duration.ofMinutes(2);
    static final int MAX = 1000;

    private record Asked(String sessionId, Instant at) {
    }

    private final Map<String, Asked> byNonce = new LinkedHashMap<>();

    void remember(String nonce, String sessionId, Instant now) {
        if (nonce == null || nonce.isEmpty()) {
            return;
        }
        if (byNonce.size() >= MAX) {
            byNonce.remove(byNonce.keySet().iterator().next());
        }
        byNonce.put(nonce, new Asked(sessionId, now));
    }

    /** The asking session; chunks keep coming for one request, so the entry stays until it ages. */
    Optional<String> asker(String nonce, Instant now) {
        if (nonce == null) {
            return Optional.empty();
        }
        Asked asked = byNonce.get(nonce);
        return asked == null || asked.at().plus(TTL).isBefore(now) ? Optional.empty() : Optional.of(asked.sessionId());
    }

    void expire(Instant now) {
        byNonce.values().removeIf(a -> a.at().plus(TTL).isBefore(now));
    }

    int size() {
        return byNonce.size();
    }
}
