package io.ultrareliability.supervisor.core;

import static io.ultrareliability.supervisor.status.ChildState.RUNNING;
import static io.ultrareliability.supervisor.status.ChildState.UNHEALTHY;
import static org.assertj.core.api.Assertions.assertThat;

import io.ultrareliability.supervisor.probe.HealthResult;
import io.ultrareliability.supervisor.status.ChildState;
import io.ultrareliability.supervisor.status.RestartReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The supervisor on a manual scheduler: HTTP 503 is "alive but not ready", not a liveness failure. */
class SupervisorNotReadyTest {
    private static final HealthResult NOT_READY = HealthResult.down(503, Duration.ofMillis(4), "HTTP 503");
    private static final HealthResult OK = HealthResult.up(200, Duration.ofMillis(3), null);

    /** Probes every second, so the 5m default is reached at an exact probe. */
    private static SupervisorHarness harness() throws Exception {
        return new SupervisorHarness(Map.of("health.interval", "1s")).startHealthy();
    }

    @Test
    void notReadyFor4m59sKeepsTheChildAliveAndUnhealthy() throws Exception {
        SupervisorHarness h = harness();
        h.health = NOT_READY;
        h.advance(Duration.ofSeconds(1));
        Instant since = h.scheduler.now();
        assertThat(h.state()).isEqualTo(UNHEALTHY);
        h.advance(Duration.ofMinutes(4).plusSeconds(59));
        assertThat(h.state()).isEqualTo(UNHEALTHY);
        assertThat(h.launcher.children).hasSize(1);
        assertThat(h.launcher.last().signals).isEmpty();
        assertThat(h.restartLog).isEmpty();
        assertThat(h.last().child().health().consecutiveFailures()).isZero();
        assertThat(h.last().child().health().ok()).isFalse();
        assertThat(h.last().child().health().statusCode()).isEqualTo(503);
        assertThat(h.last().child().health().notReadySince()).isEqualTo(since);
        assertThat(h.transitions).containsExactly("stopped->starting", "starting->running", "running->unhealthy");
    }

    @Test
    void notReadyFor5mRestartsWithReasonUnhealthy() throws Exception {
        SupervisorHarness h = harness();
        h.health = NOT_READY;
        h.advance(Duration.ofSeconds(1));
        h.advance(Duration.ofMinutes(5));
        assertThat(h.launcher.children.get(0).signals).containsExactly("TERM");
        assertThat(h.restartLog).hasSize(1);
        assertThat(h.restartLog.get(0).reason()).isEqualTo(RestartReason.UNHEALTHY);
        assertThat(h.restartLog.get(0).detail()).startsWith("not ready for 5m");
        assertThat(h.transitions).containsSubsequence("running->unhealthy", "unhealthy->stopping", "stopping->backoff");
    }

    @Test
    void aGoodAnswerInBetweenResetsTheNotReadyClock() throws Exception {
        SupervisorHarness h = harness();
        h.health = NOT_READY;
        h.advance(Duration.ofSeconds(1));
        h.advance(Duration.ofMinutes(4));
        h.health = OK;
        h.advance(Duration.ofSeconds(1));
        assertThat(h.state()).isEqualTo(RUNNING);
        assertThat(h.last().child().health().notReadySince()).isNull();
        h.health = NOT_READY;
        h.advance(Duration.ofSeconds(1));
        h.advance(Duration.ofMinutes(4).plusSeconds(59));
        assertThat(h.launcher.last().signals).isEmpty();
        assertThat(h.restartLog).isEmpty();
        h.advance(Duration.ofSeconds(1));
        assertThat(h.restartLog).hasSize(1);
        assertThat(h.restartLog.get(0).reason()).isEqualTo(RestartReason.UNHEALTHY);
    }

    @Test
    void http500AndTimeoutsStillRestartAtTheThreshold() throws Exception {
        SupervisorHarness h = harness();
        h.health = HealthResult.down(500, Duration.ofMillis(4), "HTTP 500");
        h.advance(Duration.ofSeconds(3));
        assertThat(h.restartLog).hasSize(1);
        assertThat(h.restartLog.get(0).detail()).contains("3 times").contains("HTTP 500");

        SupervisorHarness t = harness();
        t.health = HealthResult.down(0, Duration.ofSeconds(1), "HttpTimeoutException");
        t.advance(Duration.ofSeconds(2));
        assertThat(t.restartLog).isEmpty();
        t.advance(Duration.ofSeconds(1));
        assertThat(t.restartLog).hasSize(1);
        assertThat(t.restartLog.get(0).reason()).isEqualTo(RestartReason.UNHEALTHY);
        assertThat(t.restartLog.get(0).detail()).contains("3 times").contains("HttpTimeoutException");
    }

    @Test
    void notReadyDuringTheStartupGraceStillNeedsAGoodAnswerWithinTheGrace() throws Exception {
        SupervisorHarness h = new SupervisorHarness(Map.of("health.interval", "1s"));
        h.health = NOT_READY;
        h.supervisor.start();
        h.scheduler.runPending();
        h.advance(h.config.health().startupGrace().minusMillis(1));
        assertThat(h.state()).isEqualTo(ChildState.STARTING);
        assertThat(h.last().child().health().notReadySince()).isNull();
        h.advance(Duration.ofMillis(1));
        assertThat(h.restartLog).hasSize(1);
        assertThat(h.restartLog.get(0).detail()).startsWith("not healthy within the startup grace");
    }

    @Test
    void aChildWaitingForItsIdentifyBudgetFromTheStartIsNeverRestarted() throws Exception {
        // issue 13: a crash-looped bot starts and at once waits for Discord's reset (here: 2 h)
        SupervisorHarness h = new SupervisorHarness(Map.of("health.interval", "1s", "health.startup_grace", "30s",
                "health.not_ready_timeout", "1m"));
        h.health = HealthResult.down(503, Duration.ofMillis(4), "HTTP 503: waiting for the IDENTIFY budget")
                .withIdentifyBudget(new io.ultrareliability.supervisor.probe.IdentifyBudget(5, 20, null, 15,
                        Instant.parse("2100-01-01T00:00:00Z"), "waiting for the IDENTIFY budget"));
        h.supervisor.start();
        h.scheduler.runPending();
        h.advance(Duration.ofHours(2));
        assertThat(h.launcher.children).hasSize(1);
        assertThat(h.launcher.last().signals).isEmpty();
        assertThat(h.restartLog).isEmpty();
        assertThat(h.state()).isEqualTo(UNHEALTHY);
        assertThat(h.last().child().health().notReadySince()).isNull();
        assertThat(h.last().child().identifyBudget().waiting()).isTrue();
        assertThat(h.transitions).containsExactly("stopped->starting", "starting->unhealthy");

        h.health = OK; // Discord reset the budget: the bot connected by itself
        h.advance(Duration.ofSeconds(1));
        assertThat(h.state()).isEqualTo(RUNNING);
    }
}
