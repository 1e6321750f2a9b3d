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
    void fiveFailuresInTheWindowAreACrashLoopAtTheCap() {
        for (int i = 0; i < 4; i++) {
            assertThat(policy.onFailure(i * S, 0.5).crashLoop()).isFalse();
        }
        RestartPolicy.Decision d = policy.onFailure(4 * S, 0.5);
        assertThat(d.crashLoop()).isTrue();
        assertThat(d.delay()).isEqualTo(Duration.ofMinutes(5));
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
        policy.markUnhealthy();
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
