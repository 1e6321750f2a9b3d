package io.ultrareliability.sim.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ultrareliability.sim.TokenStats;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionLedgerTest {
    private static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    private static void connected(SessionLedger ledger, long millis, int... counts) {
        ledger.recount(at(millis), n -> counts.clone());
    }

    @Test
    void offlineFromStartUntilTheFirstSessionThenEachGap() {
        SessionLedger ledger = new SessionLedger(2, T0);
        assertThat(ledger.snapshot(at(250)).get(0).offline()).isEqualTo(Duration.ofMillis(250));
        connected(ledger, 1_000, 1, 0);
        connected(ledger, 5_000, 0, 0); // the bot died
        connected(ledger, 5_300, 1, 0); // and resumed
        TokenStats first = ledger.snapshot(at(9_000)).get(0);
        assertThat(first.offline()).isEqualTo(Duration.ofMillis(1_300));
        assertThat(first.offlinePeriods()).isEqualTo(1);
        assertThat(first.sessionsConnected()).isEqualTo(1);
        assertThat(first.online()).isTrue();
        TokenStats second = ledger.snapshot(at(9_000)).get(1);
        assertThat(second.offline()).isEqualTo(Duration.ofMillis(9_000)); // never connected: a stretch still going on
        assertThat(second.offlinePeriods()).isZero();
        assertThat(second.online()).isFalse();
    }

    @Test
    void recountsWithTheSameCountChangeNothing() {
        SessionLedger ledger = new SessionLedger(1, T0);
        connected(ledger, 0, 1);
        connected(ledger, 100, 1);
        connected(ledger, 200, 1);
        TokenStats s = ledger.snapshot(at(300)).get(0);
        assertThat(s.offline()).isZero();
        assertThat(s.offlinePeriods()).isZero();
    }

    @Test
    void maxSessionsAndCounters() {
        SessionLedger ledger = new SessionLedger(1, T0);
        connected(ledger, 0, 1);
        connected(ledger, 10, 2); // a second process identified before the first was gone
        connected(ledger, 20, 1);
        ledger.identified(0);
        ledger.identified(0);
        ledger.resumed(0);
        ledger.ended(0);
        TokenStats s = ledger.snapshot(at(30)).get(0);
        assertThat(s.maxSessionsConnected()).isEqualTo(2);
        assertThat(s.sessionsConnected()).isEqualTo(1);
        assertThat(s.identifies()).isEqualTo(2);
        assertThat(s.resumes()).isEqualTo(1);
        assertThat(s.sessionsEnded()).isEqualTo(1);
    }

    @Test
    void resetStartsOverFromNowKeepingWhatIsConnected() {
        SessionLedger ledger = new SessionLedger(2, T0);
        connected(ledger, 0, 2, 0);
        connected(ledger, 10, 1, 0);
        ledger.identified(0);
        ledger.ended(1);
        ledger.reset(at(1_000));
        assertThat(ledger.since()).isEqualTo(at(1_000));
        TokenStats online = ledger.snapshot(at(1_500)).get(0);
        assertThat(online).isEqualTo(new TokenStats(0, 0, 1, 1, 0, Duration.ZERO, 0));
        TokenStats offline = ledger.snapshot(at(1_500)).get(1);
        assertThat(offline).isEqualTo(new TokenStats(0, 0, 0, 0, 0, Duration.ofMillis(500), 0));
    }

    @Test
    void aClockStepBackwardsNeverMakesNegativeOfflineTime() {
        SessionLedger ledger = new SessionLedger(1, at(1_000));
        assertThat(ledger.snapshot(at(0)).get(0).offline()).isZero();
        connected(ledger, 500, 1);
        assertThat(ledger.snapshot(at(600)).get(0).offline()).isZero();
    }

    @Test
    void needsATokenAndAStart() {
        assertThatThrownBy(() -> new SessionLedger(0, T0)).hasMessage("tokens must be at least 1, got 0");
        assertThatThrownBy(() -> new SessionLedger(1, null)).hasMessage("start is null");
    }
}
