package io.ultrareliability.bot.connection;

import io.ultrareliability.common.ExponentialBackoff;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every time below is exact milliseconds on a fake clock: no sleeping. */
class OverseerTest {
    // connect timeout 30 s, heartbeat timeout 60 s, backoff 5 s doubling to 60 s (no jitter here
    // so the table is obvious: random 0.5 with jitter 0.2 gives exactly the base), 10 attempts,
    // stable after 60 s.
    private final OverseerSettings settings = new OverseerSettings(Duration.ofSeconds(30), Duration.ofSeconds(60),
            new ExponentialBackoff(Duration.ofSeconds(5), Duration.ofSeconds(60), 2.0, 0.2), 10, Duration.ofSeconds(60));
    private final Overseer o = new Overseer(settings, () -> 0.5);

    private void connectAt(long t) {
        o.instanceBuilt(o.generation(), t);
        o.connected(o.generation(), t);
    }

    @Test
    void firstStartBuildsGenerationOne() {
        assertThat(o.start(0)).isEqualTo(new Decision.StartFresh(1, "initial connection"));
        assertThat(o.state()).isEqualTo(ConnectionState.STARTING);
        o.instanceBuilt(1, 800);
        assertThat(o.state()).isEqualTo(ConnectionState.CONNECTING);
        o.connected(1, 1_500);
        assertThat(o.state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(o.tick(10_000)).isEqualTo(Decision.NONE);
    }

    @Test
    void notConnectedWithinTimeoutDiscardsAndBacksOff() {
        o.start(0);
        o.instanceBuilt(1, 500);
        assertThat(o.tick(29_999)).isEqualTo(Decision.NONE);
        assertThat(o.tick(30_000)).isEqualTo(new Decision.Discard(1, 5_000, "not connected within 30000 ms"));
        assertThat(o.state()).isEqualTo(ConnectionState.BACKOFF);
        assertThat(o.failuresInRow()).isEqualTo(1);
        assertThat(o.tick(34_999)).isEqualTo(Decision.NONE);
        assertThat(o.tick(35_000)).isEqualTo(
                new Decision.StartFresh(2, "after backoff (not connected within 30000 ms)"));
        assertThat(o.freshInstances()).isEqualTo(1);
    }

    @Test
    void backoffDoublesPerFailureInARowThenGivesUpWith75() {
        long now = 0;
        o.start(now);
        long[] expectedDelays = {5_000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000, 60_000, 60_000};
        for (int i = 0; i < expectedDelays.length; i++) {
            now += 30_000;
            Decision d = o.tick(now);
            assertThat(d).as("failure %d", i + 1).isInstanceOf(Decision.Discard.class);
            assertThat(((Decision.Discard) d).delayMillis()).isEqualTo(expectedDelays[i]);
            now += expectedDelays[i];
            assertThat(o.tick(now)).isInstanceOf(Decision.StartFresh.class);
        }
        now += 30_000;
        Decision last = o.tick(now);
        assertThat(last).isInstanceOf(Decision.Exit.class);
        assertThat(((Decision.Exit) last).code()).isEqualTo(75);
        assertThat(((Decision.Exit) last).reason()).startsWith("gave up after 10 failed connection attempts in a row");
        assertThat(o.state()).isEqualTo(ConnectionState.GAVE_UP);
        assertThat(o.tick(now + 1_000_000)).isEqualTo(Decision.NONE);
    }

    @Test
    void nextDeadlineIsExactlyWhereTheTickFirstActs() {
        assertThat(o.nextDeadline()).as("idle: nothing pending").isEqualTo(Long.MAX_VALUE);
        o.start(0);
        assertThat(o.nextDeadline()).as("starting: connection timeout").isEqualTo(30_000);
        o.instanceBuilt(1, 500);
        assertThat(o.nextDeadline()).as("connecting: still from the start").isEqualTo(30_000);
        assertThat(o.tick(29_999)).isEqualTo(Decision.NONE);
        assertThat(o.tick(30_000)).isInstanceOf(Decision.Discard.class);
        assertThat(o.nextDeadline()).as("backoff: its end").isEqualTo(35_000);
        assertThat(o.tick(34_999)).isEqualTo(Decision.NONE);
        assertThat(o.tick(35_000)).isInstanceOf(Decision.StartFresh.class);
        assertThat(o.nextDeadline()).isEqualTo(65_000);
        connectAt(36_000);
        assertThat(o.nextDeadline()).as("connected after a failure: stable at 96 s, stale at 96 s").isEqualTo(96_000);
        o.activity(2, 90_000);
        assertThat(o.nextDeadline()).as("the stable mark comes first now").isEqualTo(96_000);
        o.tick(95_999);
        assertThat(o.failuresInRow()).isEqualTo(1);
        o.tick(96_000);
        assertThat(o.failuresInRow()).isZero();
        assertThat(o.nextDeadline()).as("stable: only the heartbeat timeout is left").isEqualTo(150_000);
        o.disconnected(2, 100_000, 1006);
        assertThat(o.nextDeadline()).as("reconnecting: connection timeout from the close").isEqualTo(130_000);
        o.identifyHeld(110_000);
        assertThat(o.nextDeadline()).as("held for the IDENTIFY budget until 110 s").isEqualTo(140_000);
        assertThat(o.tick(139_999)).isEqualTo(Decision.NONE);
        assertThat(o.tick(140_000)).isEqualTo(new Decision.Discard(2, 5_000, "not reconnected within 30000 ms"));
        o.stopping(141_000);
        assertThat(o.nextDeadline()).as("stopping: nothing pending").isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void stableConnectionResetsTheCountButAShortOneDoesNot() {
        o.start(0);
        o.tick(30_000); // failure 1, backoff 5 s
        o.tick(35_000); // gen 2
        connectAt(36_000);
        o.tick(95_999); // connected 59.999 s: not yet stable
        assertThat(o.failuresInRow()).isEqualTo(1);
        o.activity(2, 90_000);
        o.tick(96_000);
        assertThat(o.failuresInRow()).isZero();
        // the next failure starts from the initial delay again
        o.disconnected(2, 100_000, 1006);
        assertThat(o.tick(130_000)).isEqualTo(new Decision.Discard(2, 5_000, "not reconnected within 30000 ms"));
    }

    @Test
    void flappingConnectionKeepsCounting() {
        o.start(0);
        o.tick(30_000);
        o.tick(35_000); // gen 2
        connectAt(36_000);
        o.disconnected(2, 50_000, 1006); // only 14 s connected
        assertThat(o.tick(80_000)).isEqualTo(new Decision.Discard(2, 10_000, "not reconnected within 30000 ms"));
    }

    @Test
    void jdaResumingInTimeIsLeftAlone() {
        o.start(0);
        connectAt(1_000);
        o.disconnected(1, 10_000, 4000);
        assertThat(o.state()).isEqualTo(ConnectionState.RECONNECTING);
        assertThat(o.tick(39_999)).isEqualTo(Decision.NONE);
        o.connected(1, 39_999);
        assertThat(o.state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(o.tick(40_000)).isEqualTo(Decision.NONE);
        assertThat(o.freshInstances()).isZero();
    }

    @Test
    void staleWhenNeitherAckNorDispatchForHeartbeatTimeout() {
        o.start(0);
        connectAt(1_000);
        o.activity(1, 20_000); // a heartbeat ACK
        o.activity(1, 15_000); // an older timestamp never moves it back
        assertThat(o.millisSinceActivity(50_000)).isEqualTo(30_000);
        assertThat(o.tick(79_999)).isEqualTo(Decision.NONE);
        assertThat(o.tick(80_000)).isEqualTo(new Decision.Discard(1, 5_000,
                "connection stale: no heartbeat ACK and no event for 60000 ms while connected"));
    }

    @Test
    void staleCountsFromConnectingWhenNothingArrivedYet() {
        o.start(0);
        connectAt(1_000);
        assertThat(o.tick(60_999)).isEqualTo(Decision.NONE);
        assertThat(o.tick(61_000)).isInstanceOf(Decision.Discard.class);
    }

    @Test
    void fatalCloseCodesExit78AtOnce() {
        o.start(0);
        connectAt(1_000);
        assertThat(o.disconnected(1, 2_000, 4012)).isEqualTo(
                new Decision.Exit(78, "invalid gateway API version (close 4012)"));
        assertThat(o.state()).isEqualTo(ConnectionState.FATAL);
    }

    @Test
    void fatalShutdownExits78() {
        o.start(0);
        connectAt(1_000);
        Decision d = o.shutDown(1, 2_000, 4004);
        assertThat(d).isInstanceOf(Decision.Exit.class);
        assertThat(((Decision.Exit) d).code()).isEqualTo(78);
        assertThat(((Decision.Exit) d).reason()).contains("4004");
    }

    @Test
    void nonFatalShutdownIsAFailure() {
        o.start(0);
        connectAt(1_000);
        assertThat(o.shutDown(1, 2_000, 1000)).isEqualTo(new Decision.Discard(1, 5_000, "JDA shut down (code 1000)"));
    }

    @Test
    void rejectedTokenAtLoginIsFatal() {
        o.start(0);
        Decision d = o.buildFailed(1, 300, "the token was rejected (REST 401)", true);
        assertThat(d).isEqualTo(new Decision.Exit(78, "the token was rejected (REST 401)"));
    }

    @Test
    void jdaShuttingDownDuringLoginLeavesTheVerdictToTheBuildResult() {
        o.start(0);
        assertThat(o.shutDown(1, 250, 1000)).isEqualTo(Decision.NONE); // JDA's shutdownNow inside build()
        assertThat(o.state()).isEqualTo(ConnectionState.STARTING);
        assertThat(o.buildFailed(1, 300, "the token was rejected (REST 401)", true))
                .isEqualTo(new Decision.Exit(78, "the token was rejected (REST 401)"));
    }

    @Test
    void otherLoginFailuresBackOff() {
        o.start(0);
        assertThat(o.buildFailed(1, 300, "connection refused", false))
                .isEqualTo(new Decision.Discard(1, 5_000, "could not start a session: connection refused"));
    }

    @Test
    void eventsOfADiscardedGenerationAreIgnored() {
        o.start(0);
        o.tick(30_000); // gen 1 discarded
        o.tick(35_000); // gen 2 starting
        assertThat(o.shutDown(1, 35_001, 4004)).isEqualTo(Decision.NONE);
        assertThat(o.disconnected(1, 35_001, 4014)).isEqualTo(Decision.NONE);
        o.connected(1, 35_002);
        assertThat(o.state()).isEqualTo(ConnectionState.STARTING);
        o.connected(2, 36_000);
        assertThat(o.state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void forceReconnectStartsFreshAtOnceWithoutCountingAFailure() {
        o.start(0);
        connectAt(1_000);
        assertThat(o.forceReconnect(5_000)).isEqualTo(new Decision.StartFresh(2, "reconnect requested"));
        assertThat(o.failuresInRow()).isZero();
        assertThat(o.state()).isEqualTo(ConnectionState.STARTING);
        // and from backoff, too: no need to wait
        o.tick(35_000);
        assertThat(o.state()).isEqualTo(ConnectionState.BACKOFF);
        assertThat(o.forceReconnect(35_001)).isEqualTo(new Decision.StartFresh(3, "reconnect requested"));
    }

    @Test
    void stoppingIgnoresLaterEvents() {
        o.start(0);
        connectAt(1_000);
        o.stopping(2_000);
        assertThat(o.shutDown(1, 2_100, 1000)).isEqualTo(Decision.NONE);
        assertThat(o.tick(1_000_000)).isEqualTo(Decision.NONE);
        assertThat(o.forceReconnect(2_200)).isEqualTo(Decision.NONE);
        o.stopped(2_300);
        assertThat(o.state()).isEqualTo(ConnectionState.STOPPED);
    }

    @Test
    void aZeroReconnectDelayIsRejected() {
        assertThatThrownBy(() -> new OverseerSettings(Duration.ofSeconds(30), Duration.ofSeconds(60),
                new ExponentialBackoff(Duration.ZERO, Duration.ofSeconds(60), 2.0, 0.2), 10, Duration.ofSeconds(60)))
                .hasMessageContaining("backoff initial delay must be positive");
    }

    @Test
    void theDelayBeforeAFreshInstanceIsNeverZero() {
        // 1 ms with +-90 % jitter and random 0 would round to 0 ms
        Overseer tiny = new Overseer(new OverseerSettings(Duration.ofSeconds(30), Duration.ofSeconds(60),
                new ExponentialBackoff(Duration.ofMillis(1), Duration.ofMillis(1), 2.0, 0.9), 10,
                Duration.ofSeconds(60)), () -> 0.0);
        tiny.start(0);
        Decision d = tiny.tick(30_000);
        assertThat(d).isInstanceOf(Decision.Discard.class);
        assertThat(((Decision.Discard) d).delayMillis()).isEqualTo(1);
    }
}
