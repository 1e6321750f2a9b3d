package io.ultrareliability.sim;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.sim.state.PendingInteractions;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of what the simulator has seen. {@code sessionsOpenByToken} is keyed by a token
 * fingerprint ({@code tok-} + 8 hex digits of SHA-256), never by the token, and so is
 * {@code tokens}: the per-token session figures since {@code since} (start, reset or stats reset).
 */
public record SimStats(
        int connectionsOpen,
        int sessionsOpen,
        Map<String, Integer> sessionsOpenByToken,
        long identifies,
        long resumes,
        long heartbeats,
        long messagesPosted,
        long interactionReplies,
        PendingInteractions.Counts interactions,
        List<PostedMessage> lastMessages,
        Map<String, TokenStats> tokens,
        Instant since) {
    public SimStats {
        requireNonNull(sessionsOpenByToken, "sessionsOpenByToken is null");
        requireNonNull(lastMessages, "lastMessages is null");
        requireNonNull(tokens, "tokens is null");
        requireNonNull(interactions, "interactions is null");
        requireNonNull(since, "since is null");
        tokens = Map.copyOf(tokens);
        sessionsOpenByToken = Map.copyOf(sessionsOpenByToken);
        lastMessages = List.copyOf(lastMessages);
    }
}
