package io.ultrareliability.keeper.store;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.keeper.buffer.Dispatch;
import io.ultrareliability.keeper.downstream.HubJournal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a keeper finds in its store at start: the last consistent state a transaction left.
 *
 * @param upstream the saved upstream session, if any
 * @param ready the READY {@code d} as JSON text (with the guild list of the last compaction)
 * @param guilds snapshots as of the last compaction
 * @param stateLog state dispatches since then, oldest first, to apply on top
 * @param buffer dispatches no bot has been sent yet, oldest first
 * @param sessions bot sessions and what they were sent
 * @param identifies IDENTIFYs sent in the last 24 hours (the ledger)
 */
public record Recovered(Optional<Upstream> upstream, Optional<String> ready, List<HubJournal.GuildFrame> guilds,
        List<HubJournal.GuildFrame> stateLog, List<Dispatch> buffer, List<HubJournal.SessionImage> sessions,
        List<Instant> identifies) {
    public Recovered {
        requireNonNull(upstream, "upstream is null");
        requireNonNull(ready, "ready is null");
        guilds = List.copyOf(guilds);
        stateLog = List.copyOf(stateLog);
        buffer = List.copyOf(buffer);
        sessions = List.copyOf(sessions);
        identifies = List.copyOf(identifies);
    }

    public static Recovered empty() {
        return new Recovered(Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(), List.of(),
                List.of());
    }

    /** A saved upstream session: what a RESUME sends, and when it was last known alive. */
    public record Upstream(String sessionId, Optional<URI> resumeUrl, long seq, Instant seenAt) {
        public Upstream {
            requireNonNull(sessionId, "sessionId is null");
            requireNonNull(resumeUrl, "resumeUrl is null");
            requireNonNull(seenAt, "seenAt is null");
        }
    }
}
