package io.ultrareliability.common.identify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdentifyBudgetTest {
    private static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");
    private static final BudgetPolicy RESERVE_5 = new BudgetPolicy(OptionalInt.of(5), Duration.ZERO,
            Duration.ofSeconds(30));

    private static IdentifyLedger ledger(SessionStartLimit limit, long... identifySecondsAfterT0) {
        List<IdentifyRecord> entries = new ArrayList<>();
        for (long s : identifySecondsAfterT0) {
            entries.add(new IdentifyRecord(T0.plusSeconds(s), 0));
        }
        return new IdentifyLedger(entries, Optional.ofNullable(limit));
    }

    private static SessionStartLimit limit(int total, int remaining, long resetAfterSeconds, long readAtSeconds) {
        return new SessionStartLimit(total, remaining, Duration.ofSeconds(resetAfterSeconds), 1,
                T0.plusSeconds(readAtSeconds));
    }

    /** Limit 20 per 120 s read at T0 with R left, then N IDENTIFYs 10 s apart from T0+10 s; decided at T0+100 s. */
    @ParameterizedTest(name = "read {0} left, {1} sent since -> {2} left, {3}")
    @CsvSource({
        "20, 0, 20, IDENTIFY",
        "20, 14, 6, IDENTIFY",
        "20, 15, 5, WAIT_BUDGET",   // at the reserve: stop
        "20, 19, 1, WAIT_BUDGET",
        "6, 0, 6, IDENTIFY",
        "6, 1, 5, WAIT_BUDGET",
        "5, 0, 5, WAIT_BUDGET",     // Discord says we are at the reserve already (another process spent it)
        "3, 5, 0, WAIT_BUDGET",     // never below zero
    })
    void reserveTable(int readRemaining, int sentSince, int expectedRemaining, IdentifyDecision.Kind expected) {
        long[] sent = new long[sentSince];
        for (int i = 0; i < sentSince; i++) {
            sent[i] = 10 + i * 5L;
        }
        IdentifyLedger l = ledger(limit(20, readRemaining, 120, 0), sent);
        Instant now = T0.plusSeconds(100);

        IdentifyDecision d = IdentifyBudget.decide(now, l, RESERVE_5, 0);

        assertThat(d.kind()).isEqualTo(expected);
        assertThat(d.estimate().remaining()).isEqualTo(expectedRemaining);
        assertThat(d.estimate().resetAt()).isEqualTo(T0.plusSeconds(120));
        if (expected == IdentifyDecision.Kind.WAIT_BUDGET) {
            assertThat(d.notBefore()).isEqualTo(T0.plusSeconds(120));
            assertThat(d.delay(now)).isEqualTo(Duration.ofSeconds(20));
            assertThat(d.reason()).contains(expectedRemaining + " of 20").contains("reserve of 5");
        } else {
            assertThat(d.notBefore()).isEqualTo(now);
        }
    }

    @Test
    void afterTheResetTheWholeTotalIsBackMinusWhatWasSentSince() {
        // read at T0: 5 left (waiting); reset at T0+120; 2 sent after the reset
        IdentifyLedger l = ledger(limit(20, 5, 120, 0), 125, 130);
        IdentifyDecision d = IdentifyBudget.decide(T0.plusSeconds(140), l, RESERVE_5, 0);

        assertThat(d.kind()).isEqualTo(IdentifyDecision.Kind.IDENTIFY);
        assertThat(d.estimate().remaining()).isEqualTo(18);
        assertThat(d.estimate().resetAt()).isNull();
    }

    @Test
    void pastTheResetAndStillAtTheReserveWaitsOneRecheckBecauseTheNextResetIsUnknown() {
        long[] sent = new long[15];
        for (int i = 0; i < 15; i++) {
            sent[i] = 121 + i;
        }
        IdentifyLedger l = ledger(limit(20, 20, 120, 0), sent);
        Instant now = T0.plusSeconds(200);

        IdentifyDecision d = IdentifyBudget.decide(now, l, RESERVE_5, 0);

        assertThat(d.kind()).isEqualTo(IdentifyDecision.Kind.WAIT_BUDGET);
        assertThat(d.notBefore()).isEqualTo(now.plusSeconds(30));
    }

    @Test
    void anIdentifyJustBeforeTheReadCountsAsNotYetSeenByDiscord() {
        // sent at T0-1 s, read at T0: Discord may not have counted it yet
        IdentifyLedger l = ledger(limit(20, 10, 120, 0), -1);
        assertThat(IdentifyBudget.estimate(T0.plusSeconds(1), l).remaining()).isEqualTo(9);
        // sent at T0-3 s: outside the grace, Discord has it
        IdentifyLedger older = ledger(limit(20, 10, 120, 0), -3);
        assertThat(IdentifyBudget.estimate(T0.plusSeconds(1), older).remaining()).isEqualTo(10);
    }

    @Test
    void withoutAReadTheLedgerAloneCountsAgainstDiscordsDefaultTotal() {
        long[] sent = new long[900];
        for (int i = 0; i < 900; i++) {
            sent[i] = i;
        }
        IdentifyLedger l = ledger(null, sent);
        BudgetEstimate e = IdentifyBudget.estimate(T0.plusSeconds(1_000), l);

        assertThat(e.known()).isFalse();
        assertThat(e.total()).isEqualTo(1_000);
        assertThat(e.remaining()).isEqualTo(100);
        assertThat(e.ledger24h()).isEqualTo(900);
        assertThat(e.resetAt()).isEqualTo(T0.plus(IdentifyLedger.WINDOW));
        // default reserve: 10 % of 1000 = 100: at the reserve
        IdentifyDecision d = IdentifyBudget.decide(T0.plusSeconds(1_000), l, BudgetPolicy.discord(), 0);
        assertThat(d.kind()).isEqualTo(IdentifyDecision.Kind.WAIT_BUDGET);
        assertThat(d.notBefore()).isEqualTo(T0.plus(IdentifyLedger.WINDOW));
    }

    @ParameterizedTest(name = "total {0} -> default reserve {1}")
    @CsvSource({"1000, 100", "20, 2", "1, 1", "15, 2", "2000, 200"})
    void defaultReserveIsTenPercentRoundedUp(int total, int reserve) {
        assertThat(BudgetPolicy.discord().reserveFor(total)).isEqualTo(reserve);
    }

    /** max_concurrency 4, 5 s spacing: shards 1 and 5 share bucket 1; shard 2 does not. */
    @ParameterizedTest(name = "last IDENTIFY by shard {0} at +{1}s; shard {2} at +10s -> {3}, not before +{4}s")
    @CsvSource({
        "1, 7, 5, WAIT_SPACING, 12",
        "1, 7, 1, WAIT_SPACING, 12",
        "1, 7, 2, IDENTIFY, 10",
        "1, 5, 5, IDENTIFY, 10",    // exactly 5 s later
        "0, 9, 4, WAIT_SPACING, 14",
        "0, 9, 3, IDENTIFY, 10",
        "3, 60, 3, WAIT_SPACING, 15", // clock set back: at most one spacing from now
    })
    void bucketSpacing(int lastShard, long lastAt, int shard, IdentifyDecision.Kind expected, long notBefore) {
        SessionStartLimit lim = new SessionStartLimit(1000, 900, Duration.ofHours(20), 4, T0);
        IdentifyLedger l = new IdentifyLedger(List.of(new IdentifyRecord(T0.plusSeconds(lastAt), lastShard)),
                Optional.of(lim));
        BudgetPolicy policy = new BudgetPolicy(OptionalInt.empty(), Duration.ofSeconds(5), Duration.ofMinutes(1));

        IdentifyDecision d = IdentifyBudget.decide(T0.plusSeconds(10), l, policy, shard);

        assertThat(d.kind()).isEqualTo(expected);
        assertThat(d.notBefore()).isEqualTo(T0.plusSeconds(notBefore));
    }

    @Test
    void aLedgerForgetsWhatIsOlderThan24Hours() {
        IdentifyLedger l = ledger(null, 0, 10, 20).pruned(T0.plus(IdentifyLedger.WINDOW).plusSeconds(10));
        assertThat(l.entries()).extracting(IdentifyRecord::at).containsExactly(T0.plusSeconds(20));
        assertThat(ledger(null, 0, 10, 20).last24h(T0.plus(IdentifyLedger.WINDOW).plusSeconds(10))).isEqualTo(1);
    }

    @Test
    void crashLoopOfTwentyProcessesStopsAtFifteen() {
        // every "process" reads the limit (as the simulator would answer) and decides: limit 20, reserve 5
        IdentifyLedger l = IdentifyLedger.empty();
        int discordRemaining = 20;
        int sent = 0;
        for (int attempt = 0; attempt < 40; attempt++) {
            Instant now = T0.plusSeconds(attempt);
            l = l.withLimit(new SessionStartLimit(20, discordRemaining, Duration.ofSeconds(120 - attempt), 1, now));
            IdentifyDecision d = IdentifyBudget.decide(now.plusMillis(1), l, RESERVE_5, 0);
            if (d.identifyNow()) {
                l = l.with(new IdentifyRecord(now.plusMillis(1), 0));
                discordRemaining--;
                sent++;
            }
        }
        assertThat(sent).isEqualTo(15);
        assertThat(discordRemaining).isEqualTo(5);
    }

    @Test
    void invalidInputIsRefused() {
        assertThatThrownBy(() -> new SessionStartLimit(10, 11, Duration.ZERO, 1, T0))
                .hasMessageContaining("remaining");
        assertThatThrownBy(() -> new SessionStartLimit(10, 1, Duration.ZERO, 0, T0))
                .hasMessageContaining("maxConcurrency");
        assertThatThrownBy(() -> new BudgetPolicy(OptionalInt.of(-1), Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("reserve");
        assertThatThrownBy(() -> IdentifyBudget.decide(T0, IdentifyLedger.empty(), RESERVE_5, -1))
                .hasMessageContaining("shardId");
    }
}
