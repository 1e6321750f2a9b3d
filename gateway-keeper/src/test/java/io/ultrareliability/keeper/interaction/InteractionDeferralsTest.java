package io.ultrareliability.keeper.interaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InteractionDeferralsTest {
    private static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");
    private final InteractionDeferrals deferrals = new InteractionDeferrals(Duration.ofSeconds(2), 3);

    @Test
    void dueExactlyAtTheBoundInArrivalOrder() {
        deferrals.arrived(1, "a", "{}", T0);
        deferrals.arrived(2, "b", "{}", T0.plusMillis(500));
        assertThat(deferrals.nextDeadline()).contains(T0.plusSeconds(2));
        assertThat(deferrals.due(T0.plusMillis(1999))).isEmpty();
        assertThat(deferrals.due(T0.plusSeconds(2))).containsExactly(new InteractionDeferrals.Due(1, "a"));
        assertThat(deferrals.deferred(1)).isTrue();
        assertThat(deferrals.deferred(2)).isFalse();
        assertThat(deferrals.due(T0.plusMillis(2500))).containsExactly(new InteractionDeferrals.Due(2, "b"));
        assertThat(deferrals.nextDeadline()).isEmpty();
    }

    @Test
    void aHeartbeatAtOrAboveTheFrameOfAnySessionItWentToConfirmsIt() {
        deferrals.arrived(1, "a", "{}", T0);
        deferrals.sentTo(1, "s1", 10);
        deferrals.sentTo(1, "s2", 4);
        deferrals.read("s1", 9);
        deferrals.read("other", 100);
        assertThat(deferrals.waiting()).isEqualTo(1);
        deferrals.read("s2", 4);
        assertThat(deferrals.waiting()).isZero();
        assertThat(deferrals.due(T0.plusSeconds(60))).isEmpty();
        assertThat(deferrals.deferred(1)).isFalse();
    }

    @Test
    void boundedTokenlessAndDuplicateArrivalsIgnored() {
        deferrals.arrived(1, null, "{}", T0);
        deferrals.arrived(2, "", "{}", T0);
        assertThat(deferrals.waiting()).isZero();
        for (long id = 10; id < 15; id++) {
            deferrals.arrived(id, "t" + id, "{}", T0);
        }
        deferrals.arrived(14, "again", "{}", T0.plusSeconds(1));
        assertThat(deferrals.waiting()).isEqualTo(3);
        assertThat(deferrals.due(T0.plusSeconds(2))).extracting(InteractionDeferrals.Due::id).containsExactly(12L, 13L, 14L);
        assertThatThrownBy(() -> new InteractionDeferrals(Duration.ZERO, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void markingKeepsTheObject() {
        assertThat(InteractionFrames.markDeferred("{\"id\":\"5\"}")).isEqualTo("{\"ur_deferred\":true,\"id\":\"5\"}");
        assertThat(InteractionFrames.markDeferred("{}")).isEqualTo("{\"ur_deferred\":true}");
        assertThat(InteractionFrames.markDeferred("[1]")).isEqualTo("[1]");
        assertThat(InteractionFrames.id("{\"id\":\"5\"}")).isEqualTo(5);
        assertThat(InteractionFrames.id("not json")).isEqualTo(-1);
    }

    @Test
    void whatADeadSessionNeverConfirmedIsHandedBackOnce() {
        deferrals.arrived(1, "a", "{\"id\":\"1\"}", T0);
        deferrals.arrived(2, "b", "{\"id\":\"2\"}", T0);
        deferrals.sentTo(1, "s1", 5);
        deferrals.sentTo(2, "s1", 6);
        assertThat(deferrals.unreadBy("s1", 5)).containsExactly(new InteractionDeferrals.Unread(2, 6, "{\"id\":\"2\"}"));
        assertThat(deferrals.unreadBy("s1", 5)).as("once").isEmpty();
        assertThat(deferrals.due(T0.plusSeconds(2))).as("both still deferred on time").hasSize(2);
    }

    /** A snowflake created at {@code created}, with worker/increment bits set (they must not matter). */
    private static long snowflake(Instant created) {
        return ((created.toEpochMilli() - InteractionDeferrals.DISCORD_EPOCH_MS) << 22) | 0x3F_FFFFL;
    }

    @ParameterizedTest(name = "created {0} ms before arrival: due {1} ms after arrival")
    @CsvSource({
        // Discord's 3 s count from creation: a late arrival (replayed after the keeper's RESUME) is due earlier.
        "0, 2000",
        "1000, 1000",
        "1999, 1",
        "2000, 0",
        "2500, -500",
        "10000, -8000",
        "899000, -897000", // 14 m 59 s: still a live token
        // Implausible: counted from arrival, as before.
        "-500, 2000", // a little in the future: clocks differ, arrival is the earlier
        "-1001, 2000", // more than 1 s in the future
        "900001, 2000", // older than a token's 15 minutes
    })
    void theDeadlineCountsFromTheSnowflakeTimeWhenPlausible(long createdBeforeMs, long dueAfterMs) {
        long id = snowflake(T0.minusMillis(createdBeforeMs));
        deferrals.arrived(id, "t", "{}", T0);
        Instant deadline = T0.plusMillis(dueAfterMs);
        assertThat(deferrals.nextDeadline()).contains(deadline);
        assertThat(deferrals.due(deadline.minusMillis(1))).isEmpty();
        assertThat(deferrals.due(deadline)).containsExactly(new InteractionDeferrals.Due(id, "t"));
        assertThat(deferrals.deferred(id)).isTrue();
    }

    @Test
    void tinyAndNegativeIdsCountFromArrival() {
        assertThat(InteractionDeferrals.counted(500, T0)).isEqualTo(T0);
        assertThat(InteractionDeferrals.counted(-1, T0)).isEqualTo(T0);
        assertThat(InteractionDeferrals.counted(Long.MAX_VALUE, T0)).isEqualTo(T0);
    }

    @Test
    void aReplayedInteractionPastItsBoundIsDueAtOnceAheadOfEarlierArrivals() {
        deferrals.arrived(1, "fresh", "{}", T0);
        long replayed = snowflake(T0.minusMillis(1500));
        deferrals.arrived(replayed, "late", "{}", T0.plusMillis(1000));
        assertThat(deferrals.nextDeadline()).as("the keeper's timer wakes for it at once").contains(T0.plusMillis(500));
        assertThat(deferrals.due(T0.plusMillis(1000))).containsExactly(new InteractionDeferrals.Due(replayed, "late"));
        assertThat(deferrals.nextDeadline()).contains(T0.plusSeconds(2));
        assertThat(deferrals.due(T0.plusMillis(1999))).isEmpty();
        assertThat(deferrals.due(T0.plusSeconds(2))).containsExactly(new InteractionDeferrals.Due(1, "fresh"));
    }
}
