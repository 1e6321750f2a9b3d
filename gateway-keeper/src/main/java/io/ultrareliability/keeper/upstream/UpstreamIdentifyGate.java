package io.ultrareliability.keeper.upstream;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether and when the keeper may spend an IDENTIFY on its upstream (Discord) session (not
 * the bot's {@code bot.gateway.IdentifyGate}, which gates JDA's own). A small seam on purpose:
 * the IDENTIFY budget governor in common (package {@code io.ultrareliability.common.identify})
 * plugs in here when it lands; until then {@link SpacedIdentifyGate} enforces {@code max_concurrency}
 * spacing and the {@code session_start_limit} Discord reported.
 */
public interface UpstreamIdentifyGate {
    /**
     * The earliest instant this shard may IDENTIFY, or empty when the budget refuses (no
     * permit left until Discord's reset): the caller waits and asks again.
     */
    Optional<Instant> nextSlot(int shardId, Instant now);

    /** An IDENTIFY was sent at {@code now}: charge it. */
    void spent(int shardId, Instant now);

    /** Discord's current budget (from {@code GET /gateway/bot}); gates may ignore it. */
    default void limits(SessionStartLimit limit, Instant now) {
    }
}
