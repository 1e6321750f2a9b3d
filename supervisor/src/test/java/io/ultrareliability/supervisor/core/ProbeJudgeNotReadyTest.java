package io.ultrareliability.supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrareliability.supervisor.config.ConfigLoader;
import io.ultrareliability.supervisor.config.SupervisorConfig;
import io.ultrareliability.supervisor.probe.HealthResult;
import io.ultrareliability.supervisor.status.RestartReason;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HTTP 503 is "alive but not ready": judged with {@code now} passed in, exact to the millisecond. */
class ProbeJudgeNotReadyTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final HealthResult NOT_READY = HealthResult.down(503, Duration.ofMillis(2), "HTTP 503");
    private static final HealthResult ERROR_500 = HealthResult.down(500, Duration.ofMillis(2), "HTTP 500");
    private static final HealthResult TIMEOUT = HealthResult.down(0, Duration.ofSeconds(2), "HttpTimeoutException");
    private static final HealthResult OK = HealthResult.up(200, Duration.ofMillis(2), null);

    private static ProbeJudge judge(String... kv) throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("child.command", "fake-child");
        for (int i = 0; i < kv.length; i += 2) {
            flags.put(kv[i], kv[i + 1]);
        }
        SupervisorConfig config = new ConfigLoader(Path.of("/nonexistent-ultra-home"), Map.of()).load(null, flags);
        return new ProbeJudge(config);
    }

    private static ChildRun run() {
        return new ChildRun(1, null, 0, T0, new OutputTail(s -> s));
    }

    private static Instant at(Duration d) {
        return T0.plus(d);
    }

    @Test
    void notReadyForJustUnderTheTimeoutIsNoRestartAndNeverCountsAsAFailure() throws Exception {
        ProbeJudge j = judge();
        ChildRun r = run();
        for (long s = 0; s <= 299; s++) {
            ProbeJudge.Verdict v = j.health(r, NOT_READY, at(Duration.ofSeconds(s)), false);
            assertThat(v.kind()).as("at %ss", s).isEqualTo(ProbeJudge.Kind.FAILING);
            assertThat(r.healthFailures).isZero();
        }
        assertThat(r.notReadySince).isEqualTo(T0);
        assertThat(j.health(r, NOT_READY, at(Duration.ofMinutes(4).plusSeconds(59).plusMillis(999)), false).kind())
                .isEqualTo(ProbeJudge.Kind.FAILING);
    }

    @Test
    void notReadyForTheTimeoutRestartsWithReasonUnhealthy() throws Exception {
        ProbeJudge j = judge();
        ChildRun r = run();
        j.health(r, NOT_READY, T0, false);
        ProbeJudge.Verdict v = j.health(r, NOT_READY, at(Duration.ofMinutes(5)), false);
        assertThat(v.kind()).isEqualTo(ProbeJudge.Kind.RESTART);
        assertThat(v.reason()).isEqualTo(RestartReason.UNHEALTHY);
        assertThat(v.detail()).startsWith("not ready for 5m").contains("HTTP 503 since " + T0);
    }

    @Test
    void aGoodAnswerResetsTheNotReadyClock() throws Exception {
        ProbeJudge j = judge();
        ChildRun r = run();
        j.health(r, NOT_READY, T0, false);
        assertThat(j.health(r, OK, at(Duration.ofMinutes(4)), false).kind()).isEqualTo(ProbeJudge.Kind.HEALTHY);
        assertThat(r.notReadySince).isNull();
        assertThat(j.health(r, NOT_READY, at(Duration.ofMinutes(4).plusSeconds(1)), false).kind())
                .isEqualTo(ProbeJudge.Kind.FAILING);
        assertThat(j.health(r, NOT_READY, at(Duration.ofMinutes(9)), false).kind()).isEqualTo(ProbeJudge.Kind.FAILING);
        assertThat(j.health(r, NOT_READY, at(Duration.ofMinutes(9).plusSeconds(1)), false).kind())
                .isEqualTo(ProbeJudge.Kind.RESTART);
    }

    @Test
    void http500StillCountsTowardTheThreshold() throws Exception {
        ProbeJudge j = judge();
        ChildRun r = run();
        assertThat(j.health(r, ERROR_500, T0, false).kind()).isEqualTo(ProbeJudge.Kind.FAILING);
        assertThat(j.health(r, ERROR_500, at(Duration.ofSeconds(5)), false).kind()).isEqualTo(ProbeJudge.Kind.FAILING);
        ProbeJudge.Verdict v = j.health(r, ERROR_500, at(Duration.ofSeconds(10)), false);
        assertThat(v.kind()).isEqualTo(ProbeJudge.Kind.RESTART);
        assertThat(v.detail()).contains("3 times").contains("HTTP 500");
        assertThat(r.notReadySince).isNull();
    }

    @Test
    void timeoutsStillCountTowardTheThresholdAndDoNotStopTheNotReadyClock() throws Exception {
        ProbeJudge j = judge();
        ChildRun r = run();
        j.health(r, NOT_READY, T0, false);
        assertThat(j.health(r, TIMEOUT, at(Duration.ofSeconds(5)), false).kind()).isEqualTo(ProbeJudge.Kind.FAILING);
        assertThat(j.health(r, TIMEOUT, at(Duration.ofSeconds(10)), false).kind()).isEqualTo(ProbeJudge.Kind.FAILING);
        assertThat(r.healthFailures).isEqualTo(2);
        assertThat(r.notReadySince).isEqualTo(T0);
        // a 503 proves the child alive: the failures in a row start over, the not-ready clock does not
        assertThat(j.health(r, NOT_READY, at(Duration.ofSeconds(15)), false).kind()).isEqualTo(ProbeJudge.Kind.FAILING);
        assertThat(r.healthFailures).isZero();
        assertThat(j.health(r, TIMEOUT, at(Duration.ofSeconds(20)), false).kind()).isEqualTo(ProbeJudge.Kind.FAILING);
        assertThat(j.health(r, TIMEOUT, at(Duration.ofSeconds(25)), false).kind()).isEqualTo(ProbeJudge.Kind.FAILING);
        assertThat(j.health(r, TIMEOUT, at(Duration.ofSeconds(30)), false).kind()).isEqualTo(ProbeJudge.Kind.RESTART);
        ChildRun r2 = run();
        j.health(r2, NOT_READY, T0, false);
        j.health(r2, TIMEOUT, at(Duration.ofMinutes(4)), false);
        assertThat(j.health(r2, NOT_READY, at(Duration.ofMinutes(5)), false).kind()).isEqualTo(ProbeJudge.Kind.RESTART);
    }

    @Test
    void zeroTimeoutNeverRestartsForNotReady() throws Exception {
        ProbeJudge j = judge("health.not_ready_timeout", "0");
        ChildRun r = run();
        j.health(r, NOT_READY, T0, false);
        assertThat(j.health(r, NOT_READY, at(Duration.ofDays(30)), false).kind()).isEqualTo(ProbeJudge.Kind.FAILING);
    }

    @Test
    void duringTheStartupGraceA503ChangesNothing() throws Exception {
        ProbeJudge j = judge();
        ChildRun r = run();
        assertThat(j.health(r, NOT_READY, T0, true).kind()).isEqualTo(ProbeJudge.Kind.IGNORED);
        assertThat(j.health(r, NOT_READY, at(Duration.ofMinutes(10)), true).kind()).isEqualTo(ProbeJudge.Kind.IGNORED);
        assertThat(r.notReadySince).isNull();
        assertThat(r.healthFailures).isZero();
    }

    @Test
    void waitingForTheIdentifyBudgetNeverCountsTowardTheNotReadyTimeout() throws Exception {
        ProbeJudge j = judge("health.not_ready_timeout", "30s");
        ChildRun r = run();
        HealthResult waiting = NOT_READY.withIdentifyBudget(new io.ultrareliability.supervisor.probe.IdentifyBudget(
                5, 20, at(Duration.ofHours(2)), 15, at(Duration.ofHours(2)), "waiting for the IDENTIFY budget"));
        assertThat(waiting.waitingForIdentifyBudget()).isTrue();
        j.health(r, NOT_READY, T0, false); // an ordinary 503 first: the clock starts
        for (long s = 1; s <= 7_200; s += 10) {
            ProbeJudge.Verdict v = j.health(r, waiting, at(Duration.ofSeconds(s)), false);
            assertThat(v.kind()).as("at %ss", s).isEqualTo(ProbeJudge.Kind.FAILING);
            assertThat(r.notReadySince).isNull();
            assertThat(r.healthFailures).isZero();
        }
        // the wait is over and the bot is still not ready: the clock starts now, not at T0
        Instant after = at(Duration.ofHours(2).plusSeconds(1));
        assertThat(j.health(r, NOT_READY, after, false).kind()).isEqualTo(ProbeJudge.Kind.FAILING);
        assertThat(r.notReadySince).isEqualTo(after);
        assertThat(j.health(r, NOT_READY, after.plusSeconds(30), false).kind()).isEqualTo(ProbeJudge.Kind.RESTART);
    }

    @Test
    void aBudgetWithoutAWaitIsAnOrdinaryNotReady() {
        HealthResult notWaiting = NOT_READY.withIdentifyBudget(new io.ultrareliability.supervisor.probe.IdentifyBudget(
                900, 1000, null, 3, null, null));
        assertThat(notWaiting.waitingForIdentifyBudget()).isFalse();
    }
}
