package io.ultrareliability.supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrareliability.common.ExponentialBackoff;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
    private static final long S = 1_000_000_000L;
    private final RestartPolicy policy = new RestartPolicy(
            new ExponentialBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5), 2.0, 0.0),
            Duration.ofMinutes(10), 5, Duration.ofMinutes(10));

    @Test
    void firstFailureIsImmediateThenExponential() {
        assertThat(policy.onFailure(0, 0.5).delay()).isZero();
        assertThat(policy.onFailure(S, 0.5).delay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.onFailure(2 * S, 0.5).delay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.attempts()).isEqualTo(3);
        assertThat(policy.crashLoop()).isFalse();
    }

    @Test
    void aCrashLoopRaisesTheFlagButTheDelayKeepsDoublingToTheCap() {
        // The case: kills 40-120 s apart, each after a healthy spell shorter than reset_after.
        long[] failureAtSeconds = {0, 40, 160, 260, 380, 500, 620};
        long[] expectedDelaySeconds = {0, 1, 2, 4, 8, 16, 32};
        boolean[] expectedFlag = {false, false, false, false, true, true, true};
        for (int i = 0; i < failureAtSeconds.length; i++) {
            if (i > 0) {
                policy.markHealthy(failureAtSeconds[i - 1] * S + S);
                policy.markUnhealthy(failureAtSeconds[i] * S);
            }
            RestartPolicy.Decision d = policy.onFailure(failureAtSeconds[i] * S, 0.5);
            assertThat(d.delay()).as("delay of failure %d", i).isEqualTo(Duration.ofSeconds(expectedDelaySeconds[i]));
            assertThat(d.crashLoop()).as("crash-loop flag at failure %d", i).isEqualTo(expectedFlag[i]);
        }
    }

    @Test
    void inACrashLoopTheDelayStopsAtTheCapNotBeyond() {
        Duration[] expected = {Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
            Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(32), Duration.ofSeconds(64),
            Duration.ofSeconds(128), Duration.ofSeconds(256), Duration.ofMinutes(5), Duration.ofMinutes(5)};
        for (int i = 0; i < expected.length; i++) {
            RestartPolicy.Decision d = policy.onFailure(i * S, 0.5);
            assertThat(d.delay()).as("delay of failure %d", i).isEqualTo(expected[i]);
            assertThat(d.crashLoop()).as("flag at failure %d", i).isEqualTo(i >= 4);
        }
    }

    /**
     * The stable clock runs from the first healthy probe (startup or periodic) to the moment the
     * child stopped being healthy: a reset never waits for the next probe tick.
     */
    @Test
    void theStableClockRunsFromTheFirstHealthyProbeToTheFailureWithoutWaitingForAProbe() {
        record Row(long healthyAt, long unhealthyAt, boolean resets) {
        }
        Row[] rows = {
            new Row(10, 10 + 599, false), // one second short
            new Row(10, 10 + 600, true),  // exactly reset_after, no probe at that instant
            new Row(10, 10 + 601, true),
        };
        for (Row row : rows) {
            RestartPolicy p = new RestartPolicy(new ExponentialBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5),
                    2.0, 0.0), Duration.ofMinutes(10), 5, Duration.ofMinutes(10));
            for (int i = 0; i < 5; i++) {
                p.onFailure(i * S, 0.5);
            }
            assertThat(p.crashLoop()).isTrue();
            p.markHealthy(row.healthyAt() * S);
            // the supervisor's order on an exit: markUnhealthy, then onFailure
            p.markUnhealthy(row.unhealthyAt() * S);
            RestartPolicy.Decision d = p.onFailure(row.unhealthyAt() * S, 0.5);
            assertThat(d.delay().isZero()).as("reset for %s", row).isEqualTo(row.resets());
            assertThat(d.crashLoop()).as("flag for %s", row).isEqualTo(!row.resets());
        }
    }

    @Test
    void failuresSpreadWiderThanTheWindowAreNotACrashLoop() {
        for (int i = 0; i < 8; i++) {
            assertThat(policy.onFailure(i * 200 * S, 0.5).crashLoop()).as("failure %d", i).isFalse();
        }
    }

    @Test
    void healthyForTheStablePeriodResetsEverything() {
        for (int i = 0; i < 5; i++) {
            policy.onFailure(i * S, 0.5);
        }
        policy.markHealthy(10 * S);
        assertThat(policy.maybeReset(10 * S + 599 * S)).isFalse();
        assertThat(policy.maybeReset(10 * S + 600 * S)).isTrue();
        assertThat(policy.crashLoop()).isFalse();
        assertThat(policy.attempts()).isZero();
        assertThat(policy.onFailure(700 * S, 0.5).delay()).isZero();
    }

    @Test
    void anUnhealthySpellRestartsTheStableClock() {
        policy.onFailure(0, 0.5);
        policy.onFailure(S, 0.5);
        policy.markHealthy(2 * S);
        policy.markUnhealthy(3 * S);
        policy.markHealthy(300 * S);
        assertThat(policy.maybeReset(602 * S)).isFalse();
        assertThat(policy.maybeReset(900 * S)).isTrue();
    }

    @Test
    void aFailureAfterALongHealthyRunIsImmediate() {
        policy.onFailure(0, 0.5);
        policy.onFailure(S, 0.5);
        policy.markHealthy(2 * S);
        // no probe called maybeReset in between: onFailure checks the stable period itself
        assertThat(policy.onFailure(3 * 3600 * S, 0.5).delay()).isZero();
    }
}
