package io.ultrareliability.sim;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of what the simulator has seen. {@code sessionsOpenByToken} is keyed by a token
 * fingerprint ({@code tok-} + 8 hex digits of SHA-256), never by the token.
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
        List<PostedMessage> lastMessages) {
    public SimStats {
        requireNonNull(sessionsOpenByToken, "sessionsOpenByToken is null");
        requireNonNull(lastMessages, "lastMessages is null");
        sessionsOpenByToken = Map.copyOf(sessionsOpenByToken);
        lastMessages = List.copyOf(lastMessages);
    }
}
