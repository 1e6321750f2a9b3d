package io.ultrareliability.keeper.store;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.keeper.upstream.UpstreamIdentifyGate;
import io.ultrareliability.keeper.upstream.SessionStartLimit;
import io.ultrareliability.keeper.upstream.SpacedIdentifyGate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An {@link UpstreamIdentifyGate} whose IDENTIFYs are written to the store's ledger before they are
 * sent, so a keeper restarted within 5 s of an IDENTIFY still spaces the next one, and an
 * operator can count them ({@code identify_ledger}). The budget itself stays the delegate's.
 */
public final class LedgeredIdentifyGate implements UpstreamIdentifyGate {
    private final UpstreamIdentifyGate delegate;
    private final KeeperStore store;
    private final Instant lastBeforeStart;

    public LedgeredIdentifyGate(UpstreamIdentifyGate delegate, KeeperStore store) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.store = requireNonNull(store, "store is null");
        List<Instant> history = store.recovered().identifies();
        this.lastBeforeStart = history.isEmpty() ? null : history.getLast();
    }

    @Override
    public Optional<Instant> nextSlot(int shardId, Instant now) {
        Optional<Instant> slot = delegate.nextSlot(shardId, now);
        if (slot.isEmpty() || lastBeforeStart == null) {
            return slot;
        }
        Instant spaced = lastBeforeStart.plus(SpacedIdentifyGate.SPACING);
        return Optional.of(spaced.isAfter(slot.get()) ? spaced : slot.get());
    }

    @Override
    public void spent(int shardId, Instant now) {
        store.identifySent(shardId, now);
        delegate.spent(shardId, now);
    }

    @Override
    public void limits(SessionStartLimit limit, Instant now) {
        delegate.limits(limit, now);
    }
}
