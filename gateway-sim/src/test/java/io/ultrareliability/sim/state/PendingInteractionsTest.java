package io.ultrareliability.sim.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ultrareliability.sim.state.PendingInteractions.Ack;
import io.ultrareliability.sim.state.PendingInteractions.Counts;
import io.ultrareliability.sim.state.PendingInteractions.Pending;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PendingInteractionsTest {
    private static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");
    private final PendingInteractions interactions = new PendingInteractions();

    private Pending inject(long id, Instant at) {
        Pending p = new Pending(id, "tok-" + id, 0, 1, 2, at);
        interactions.add(p);
        return p;
    }

    @Test
    void anAckAtExactlyThreeSecondsCountsAndOneMillisecondLaterIsUnknownInteraction() {
        interactions.enforceDeadline(true);
        Pending onTime = inject(1, T0);
        Pending late = inject(2, T0);
        assertEquals(Ack.ACKNOWLEDGED, interactions.acknowledge(onTime, false, T0.plusSeconds(3)));
        assertEquals(Ack.EXPIRED, interactions.acknowledge(late, true, T0.plusMillis(3001)));
        assertEquals(new Counts(2, 1, 1, 1, 1), interactions.counts(T0.plusMillis(3001)));
        assertFalse(interactions.webhookUsable(late, T0.plusSeconds(4)), "no webhook for a failed interaction");
    }

    @Test
    void aSecondAckIsRefusedAndADeferralIsCompletedByItsFirstEdit() {
        Pending p = inject(1, T0);
        assertEquals(Ack.ACKNOWLEDGED, interactions.acknowledge(p, true, T0.plusSeconds(2)));
        assertEquals(Ack.ALREADY_ACKNOWLEDGED, interactions.acknowledge(p, false, T0.plusMillis(2100)));
        assertEquals(new Counts(1, 1, 0, 0, 0), interactions.counts(T0.plusSeconds(10)));
        assertTrue(interactions.webhookUsable(p, T0.plusSeconds(2).plus(Duration.ofMinutes(15))));
        assertTrue(interactions.webhookUsable(p, T0.plusSeconds(5)), "a second edit is fine, counted once");
        assertEquals(new Counts(1, 1, 0, 1, 0), interactions.counts(T0.plusSeconds(10)));
        assertFalse(interactions.webhookUsable(p, T0.plusSeconds(2).plus(Duration.ofMinutes(15)).plusMillis(1)),
                "the token lives 15 min after the acknowledgement");
    }

    @Test
    void notEnforcedALateAckIsAcceptedButStillCountedAsFailed() {
        Pending p = inject(1, T0);
        assertEquals(Ack.ACKNOWLEDGED, interactions.acknowledge(p, true, T0.plusMillis(3001)));
        assertEquals(new Counts(1, 0, 1, 0, 1), interactions.counts(T0.plusSeconds(4)));
        assertTrue(interactions.webhookUsable(p, T0.plusSeconds(5)));
        assertEquals(new Counts(1, 0, 1, 1, 1), interactions.counts(T0.plusSeconds(5)));
    }

    @Test
    void anInteractionIsFailedOnlyOnceItsThreeSecondsArePast() {
        inject(1, T0);
        assertEquals(0, interactions.counts(T0.plusSeconds(3)).failed());
        assertEquals(1, interactions.counts(T0.plusMillis(3001)).failed());
        Pending never = inject(2, T0);
        assertFalse(interactions.webhookUsable(never, T0.plusSeconds(1)), "a follow-up needs an acknowledgement");
        interactions.clear();
        assertEquals(Counts.NONE, interactions.counts(T0.plusSeconds(10)));
    }
}
