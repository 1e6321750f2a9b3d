package io.ultrareliability.supervisor.core;

import static io.ultrareliability.supervisor.status.ChildState.BACKOFF;
import static io.ultrareliability.supervisor.status.ChildState.FATAL;
import static io.ultrareliability.supervisor.status.ChildState.RUNNING;
import static io.ultrareliability.supervisor.status.ChildState.STARTING;
import static io.ultrareliability.supervisor.status.ChildState.STOPPED;
import static io.ultrareliability.supervisor.status.ChildState.STOPPING;
import static io.ultrareliability.supervisor.status.ChildState.UNHEALTHY;
import static org.assertj.core.api.Assertions.assertThat;

import io.ultrareliability.supervisor.probe.HealthResult;
import io.ultrareliability.supervisor.status.ChildState;
import io.ultrareliability.supervisor.status.Program;
import io.ultrareliability.supervisor.status.RestartEntry;
import io.ultrareliability.supervisor.status.RestartReason;
import io.ultrareliability.supervisor.status.RestartRecord;
import io.ultrareliability.supervisor.status.SupervisorState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SupervisorTest {
    private static Duration ms(long n) {
        return Duration.ofMillis(n);
    }

    @Test
    void spawnsTheConfiguredCommandWithTheHealthPortInItsEnvironment() throws Exception {
        SupervisorHarness h = new SupervisorHarness().startHealthy();
        assertThat(h.launcher.specs).hasSize(1);
        assertThat(h.launcher.specs.get(0).command()).containsExactly("fake-child", "--flag");
        assertThat(h.launcher.specs.get(0).env()).containsEntry("BOT_HEALTH_PORT", "8790");
        assertThat(h.state()).isEqualTo(RUNNING);
        assertThat(h.transitions).containsExactly("stopped->starting", "starting->running");
    }

    @Test
    void aCrashAfterAStableRunRestartsAtOnceWithReasonCrash() throws Exception {
        SupervisorHarness h = new SupervisorHarness().startHealthy();
        h.advance(Duration.ofHours(3));
        h.launcher.last().exit(1);
        h.scheduler.runPending();

        assertThat(h.launcher.children).hasSize(2);
        assertThat(h.state()).isEqualTo(STARTING);
        RestartRecord r = h.restartLog.get(0);
        assertThat(r.reason()).isEqualTo(RestartReason.CRASH);
        assertThat(r.exit().code()).isEqualTo(1);
        assertThat(r.nextDelay()).isZero();
        assertThat(r.uptime()).isGreaterThanOrEqualTo(Duration.ofHours(3));
        assertThat(r.logLine()).contains("reason=crash exit_code=1 signal=- ").contains("next_delay=0ms");
        assertThat(h.last().restartHistory()).first().isEqualTo(RestartEntry.of(r, Program.BOT));
        assertThat(h.last().child().restarts()).isEqualTo(1);
    }

    @Test
    void theLastOutputLinesOfACrashedChildGoIntoItsRecord() throws Exception {
        SupervisorHarness h = new SupervisorHarness().startHealthy();
        for (int i = 1; i <= 12; i++) {
            h.launcher.last().print("line " + i);
        }
        h.launcher.last().exit(1);
        h.scheduler.runPending();
        assertThat(h.restartLog.get(0).lastOutput()).hasSize(10).startsWith("line 3").endsWith("line 12");
        assertThat(h.last().child().lastOutput()).endsWith("line 12");
        assertThat(h.childOutput).hasSize(12);
    }

    @Test
    void repeatedFailuresBackOffExponentiallyAndFlagACrashLoopWithoutJumpingToTheCap() throws Exception {
        SupervisorHarness h = new SupervisorHarness();
        h.supervisor.start();
        h.scheduler.runPending();
        List<Long> delays = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            h.launcher.last().exit(1);
            h.scheduler.runPending();
            RestartRecord r = h.restartLog.get(h.restartLog.size() - 1);
            delays.add(r.nextDelay().toMillis());
            if (r.nextDelay().isZero()) {
                assertThat(h.launcher.children).hasSize(i + 2);
                continue;
            }
            assertThat(h.state()).isEqualTo(BACKOFF);
            assertThat(h.last().backoff().nextDelayMs()).isEqualTo(r.nextDelay().toMillis());
            h.advance(r.nextDelay().minusMillis(1));
            assertThat(h.launcher.children).as("not before the delay").hasSize(i + 1);
            h.advance(ms(1));
            assertThat(h.launcher.children).hasSize(i + 2);
        }
        // random 0.5 means no jitter: 0 (first is immediate), 1s, 2s, 4s, then the 5th
        // failure within 10 min flags a crash loop, but the delay keeps doubling (no jump to the cap).
        assertThat(delays).containsExactly(0L, 1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L);
        assertThat(h.last().backoff().crashLoop()).isTrue();
        assertThat(h.restartLog.get(4).crashLoop()).isTrue();
        assertThat(h.restartLog.get(3).crashLoop()).isFalse();
    }

    @Test
    void jitterComesFromTheRandomSource() throws Exception {
        SupervisorHarness h = new SupervisorHarness();
        h.random = 0.0;
        h.supervisor.start();
        h.scheduler.runPending();
        h.launcher.last().exit(1);
        h.scheduler.runPending();
        h.launcher.last().exit(1);
        h.scheduler.runPending();
        assertThat(h.restartLog.get(1).nextDelay()).isEqualTo(ms(800)); // 1s * (1 - 0.2)
    }

    @Test
    void theFailureCountResetsOnlyAfterTheStablePeriod() throws Exception {
        SupervisorHarness h = new SupervisorHarness().startHealthy();
        h.launcher.last().exit(1);
        h.scheduler.runPending();                 // immediate
        h.advance(ms(250));                       // healthy again
        assertThat(h.state()).isEqualTo(RUNNING);
        h.advance(Duration.ofMinutes(9));         // healthy, but not for the stable period
        h.launcher.last().exit(1);
        h.scheduler.runPending();
        assertThat(h.restartLog.get(1).nextDelay()).isEqualTo(ms(1_000));
        h.advance(ms(1_000));
        h.advance(ms(250));
        h.advance(Duration.ofMinutes(10).plusSeconds(5)); // stable: probes every 5s reset it
        assertThat(h.last().backoff().attempt()).isZero();
        h.launcher.last().exit(1);
        h.scheduler.runPending();
        assertThat(h.restartLog.get(2).nextDelay()).isZero();
    }

    @Test
    void exit78IsFatalWithoutALoopUntilARestartIsRequested() throws Exception {
        SupervisorHarness h = new SupervisorHarness().startHealthy();
        h.launcher.last().exit(78);
        h.scheduler.runPending();
        assertThat(h.state()).isEqualTo(FATAL);
        assertThat(h.last().child().fatalReason()).contains("78").contains("restart");
        h.advance(Duration.ofHours(1));
        assertThat(h.launcher.children).hasSize(1);
        assertThat(h.restartLog).isEmpty();

        CompletableFuture<ChildState> f = h.supervisor.requestRestart("operator");
        h.scheduler.runPending();
        assertThat(f).isCompletedWithValue(STARTING);
        assertThat(h.launcher.children).hasSize(2);
        assertThat(h.restartLog.get(0).reason()).isEqualTo(RestartReason.MANUAL);
        assertThat(h.last().child().fatalReason()).isNull();
    }

    @Test
    void exit78WhileBeingRestartedForUnhealthyIsStillFatal() throws Exception {
        // The bot closes /health while it exits 78 (revoked token); the probes may call it
        // unhealthy first. Its own verdict wins: no restart with the same token.
        SupervisorHarness h = new SupervisorHarness().startHealthy();
        h.launcher.last().ignoresTerm = true;
        h.health = HealthResult.down(0, ms(1), "ConnectException");
        h.advance(Duration.ofSeconds(15));
        assertThat(h.state()).isEqualTo(STOPPING);
        assertThat(h.launcher.last().signals).containsExactly("TERM");
        h.launcher.last().exit(78);
        h.scheduler.runPending();
        assertThat(h.state()).isEqualTo(FATAL);
        assertThat(h.last().child().fatalReason()).contains("78");
        h.advance(Duration.ofHours(1));
        assertThat(h.launcher.children).hasSize(1);
        assertThat(h.restartLog).isEmpty();
        assertThat(h.transitions).contains("stopping->fatal");
    }

    @Test
    void aSignalOrOtherExitWhileBeingRestartedIsARestart() throws Exception {
        SupervisorHarness h = new SupervisorHarness().startHealthy();
        h.health = HealthResult.down(0, ms(1), "ConnectException");
        h.advance(Duration.ofSeconds(15));
        h.scheduler.runPending();
        assertThat(h.restartLog.get(0).reason()).isEqualTo(RestartReason.UNHEALTHY);
        assertThat(h.launcher.children).hasSize(2);
    }

    @Test
    void fatalRetriesWhenTheConfigOrTokenSourceChanges() throws Exception {
        SupervisorHarness h = new SupervisorHarness().startHealthy();
        h.launcher.last().exit(78);
        h.scheduler.runPending();
        h.advance(Duration.ofMinutes(5));
        assertThat(h.launcher.children).hasSize(1);
        h.fingerprint = "v2";
        h.advance(Duration.ofSeconds(5));
        assertThat(h.launcher.children).hasSize(2);
        assertThat(h.restartLog.get(0).detail()).contains("changed");
    }

    @Test
    void exit75IsATempfailRestart() throws Exception {
        SupervisorHarness h = new SupervisorHarness().startHealthy();
        h.launcher.last().exit(75);
        h.scheduler.runPending();
        assertThat(h.restartLog.get(0).reason()).isEqualTo(RestartReason.EXIT_TEMPFAIL);
        assertThat(h.launcher.children).hasSize(2);
    }

    @Test
    void healthFailuresMakeTheChildUnhealthyThenRestartItAtTheThreshold() throws Exception {
        SupervisorHarness h = new SupervisorHarness().startHealthy();
        h.health = HealthResult.down(500, ms(4), "HTTP 500");
        h.advance(Duration.ofSeconds(5));
        assertThat(h.state()).isEqualTo(UNHEALTHY);
        h.advance(Duration.ofSeconds(5));
        assertThat(h.state()).isEqualTo(UNHEALTHY);
        assertThat(h.last().child().health().consecutiveFailures()).isEqualTo(2);
        assertThat(h.launcher.last().signals).isEmpty();
        h.advance(Duration.ofSeconds(5));
        assertThat(h.launcher.children.get(0).signals).containsExactly("TERM");
        assertThat(h.restartLog.get(0).reason()).isEqualTo(RestartReason.UNHEALTHY);
        assertThat(h.restartLog.get(0).detail()).contains("3 times").contains("HTTP 500");
        assertThat(h.transitions).contains("running->unhealthy", "unhealthy->stopping", "stopping->backoff");
    }

    @Test
    void oneGoodAnswerClearsTheFailures() throws Exception {
        SupervisorHarness h = new SupervisorHarness().startHealthy();
        h.health = HealthResult.down(0, ms(2000), "timeout");
        h.advance(Duration.ofSeconds(10));
        h.health = HealthResult.up(200, ms(3), null);
        h.advance(Duration.ofSeconds(5));
        assertThat(h.state()).isEqualTo(RUNNING);
        assertThat(h.last().child().health().consecutiveFailures()).isZero();
        h.health = HealthResult.down(0, ms(2000), "timeout");
        h.advance(Duration.ofSeconds(10));
        assertThat(h.launcher.children).hasSize(1);
    }

    @Test
    void duringTheStartupGraceOnlyAnExitCountsThenItRestartsAsUnhealthy() throws Exception {
        SupervisorHarness h = new SupervisorHarness();
        h.health = HealthResult.down(0, ms(1), "connection refused");
        h.supervisor.start();
        h.scheduler.runPending();
        h.advance(Duration.ofSeconds(59));
        assertThat(h.state()).isEqualTo(STARTING);
        assertThat(h.healthChecks).isGreaterThan(100); // probed every 250 ms meanwhile
        h.advance(Duration.ofSeconds(1));
        assertThat(h.restartLog.get(0).reason()).isEqualTo(RestartReason.UNHEALTHY);
        assertThat(h.restartLog.get(0).detail()).contains("startup grace");
    }

    @Test
    void aStaleHeartbeatAckRestartsWithItsOwnReason() throws Exception {
        SupervisorHarness h = new SupervisorHarness().startHealthy();
        h.health = SupervisorHarness.ack(h.scheduler.now().minusSeconds(30));
        h.advance(Duration.ofSeconds(5));
        assertThat(h.state()).isEqualTo(RUNNING);
        h.health = SupervisorHarness.ack(h.scheduler.now().minusSeconds(91));
        h.advance(Duration.ofSeconds(5));
        assertThat(h.state()).isEqualTo(UNHEALTHY);
        h.advance(Duration.ofSeconds(5));
        assertThat(h.restartLog.get(0).reason()).isEqualTo(RestartReason.STALE_HEARTBEAT);
        assertThat(h.restartLog.get(0).detail()).contains("last_heartbeat_ack").contains("limit 90s");
    }

    @Test
    void memoryOverTheLimitForTwoSamplesRestarts() throws Exception {
        SupervisorHarness h = new SupervisorHarness(Map.of("memory.max_rss", "100MiB")).startHealthy();
        h.rss = 101L << 20;
        h.advance(Duration.ofSeconds(5));
        assertThat(h.launcher.last().signals).isEmpty();
        assertThat(h.last().child().memory().rssBytes()).isEqualTo(101L << 20);
        h.rss = 50L << 20;
        h.advance(Duration.ofSeconds(5));
        h.rss = 200L << 20;
        h.advance(Duration.ofSeconds(5));
        assertThat(h.launcher.children).hasSize(1);
        h.advance(Duration.ofSeconds(5));
        assertThat(h.restartLog.get(0).reason()).isEqualTo(RestartReason.MEMORY);
        assertThat(h.restartLog.get(0).detail()).contains("200.0 MiB").contains("100.0 MiB");
    }

    @Test
    void aLogTriggerLineRestartsOnceAndTheOutputIsKept() throws Exception {
        SupervisorHarness h = new SupervisorHarness().startHealthy();
        h.launcher.last().print("all fine");
        h.launcher.last().print("Exception in thread main java.lang.OutOfMemoryError: Java heap space");
        h.launcher.last().print("java.lang.OutOfMemoryError again");
        h.scheduler.runPending();
        assertThat(h.childOutput).hasSize(3);
        assertThat(h.restartLog).hasSize(1);
        assertThat(h.restartLog.get(0).reason()).isEqualTo(RestartReason.LOG_TRIGGER);
        assertThat(h.restartLog.get(0).detail()).contains("/OutOfMemoryError/");
    }

    @Test
    void aChildThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
        SupervisorHarness h = new SupervisorHarness().startHealthy();
        h.launcher.last().ignoresTerm = true;
        CompletableFuture<Void> stopped = h.supervisor.shutdown();
        h.scheduler.runPending();
        assertThat(h.state()).isEqualTo(STOPPING);
        h.advance(Duration.ofSeconds(15).minusMillis(1));
        assertThat(h.launcher.last().signals).containsExactly("TERM");
        assertThat(stopped).isNotDone();
        h.advance(ms(1));
        assertThat(h.launcher.last().signals).containsExactly("TERM", "KILL");
        assertThat(stopped).isDone();
        assertThat(h.state()).isEqualTo(STOPPED);
        assertThat(h.last().supervisor().state()).isEqualTo(SupervisorState.STOPPED);
        assertThat(h.restartLog).isEmpty();
        assertThat(h.scheduler.liveTimers()).isZero();
    }

    @Test
    void aManualRestartStopsTheChildAndStartsANewOneAtOnce() throws Exception {
        SupervisorHarness h = new SupervisorHarness().startHealthy();
        h.supervisor.requestRestart("test");
        h.scheduler.runPending();
        assertThat(h.launcher.children).hasSize(2);
        assertThat(h.restartLog.get(0).reason()).isEqualTo(RestartReason.MANUAL);
        assertThat(h.restartLog.get(0).exit().signal()).isEqualTo(15);
        assertThat(h.last().backoff().attempt()).as("manual restarts are not failures").isZero();
    }

    @Test
    void aManualRestartCutsABackoffShort() throws Exception {
        SupervisorHarness h = new SupervisorHarness().startHealthy();
        h.launcher.last().exit(1);
        h.scheduler.runPending();
        h.launcher.last().exit(1);
        h.scheduler.runPending();
        assertThat(h.state()).isEqualTo(BACKOFF);
        h.supervisor.requestRestart("now");
        h.scheduler.runPending();
        assertThat(h.state()).isEqualTo(STARTING);
        assertThat(h.launcher.children).hasSize(3);
    }

    @Test
    void shutdownDuringBackoffStopsWithoutSpawning() throws Exception {
        SupervisorHarness h = new SupervisorHarness().startHealthy();
        h.launcher.last().exit(1);
        h.scheduler.runPending();
        h.launcher.last().exit(1);
        h.scheduler.runPending();
        CompletableFuture<Void> stopped = h.supervisor.shutdown();
        h.advance(Duration.ofMinutes(10));
        assertThat(stopped).isDone();
        assertThat(h.launcher.children).hasSize(2);
        assertThat(h.state()).isEqualTo(STOPPED);
    }

    @Test
    void aChildThatCannotBeSpawnedCountsAsACrashAndIsRetried() throws Exception {
        SupervisorHarness h = new SupervisorHarness();
        h.launcher.failNextLaunch = "No such file or directory";
        h.supervisor.start();
        h.scheduler.runPending();
        assertThat(h.restartLog.get(0).reason()).isEqualTo(RestartReason.CRASH);
        assertThat(h.restartLog.get(0).detail()).contains("No such file");
        assertThat(h.launcher.children).hasSize(1);
    }

    @Test
    void stopChildAndStartChildForTheHttpApi() throws Exception {
        SupervisorHarness h = new SupervisorHarness().startHealthy();
        h.supervisor.stopChild();
        h.scheduler.runPending();
        assertThat(h.state()).isEqualTo(STOPPED);
        h.advance(Duration.ofMinutes(5));
        assertThat(h.launcher.children).hasSize(1);
        h.supervisor.startChild();
        h.advance(ms(250));
        assertThat(h.state()).isEqualTo(RUNNING);
        assertThat(h.launcher.children).hasSize(2);
    }

    @Test
    void withoutAHealthUrlASpawnedChildCountsAsRunning() throws Exception {
        SupervisorHarness h = new SupervisorHarness(Map.of("health.url", ""));
        h.supervisor.start();
        h.scheduler.runPending();
        assertThat(h.state()).isEqualTo(RUNNING);
        assertThat(h.launcher.specs.get(0).env()).doesNotContainKey("BOT_HEALTH_PORT");
    }

    @Test
    void everyStateChangeAndProbeCyclePublishesAStatus() throws Exception {
        SupervisorHarness h = new SupervisorHarness().startHealthy();
        int before = h.published.size();
        h.advance(Duration.ofSeconds(5));
        assertThat(h.published.size()).isGreaterThan(before);
        assertThat(h.published.get(h.published.size() - 1).child().health().ok()).isTrue();
        assertThat(h.published.get(h.published.size() - 1).child().health().latencyMs()).isEqualTo(3);
    }

    @Test
    void historyIsBoundedLatestFirst() throws Exception {
        SupervisorHarness h = new SupervisorHarness(Map.of("status.history_size", "3",
                "restart.crash_loop_failures", "100", "restart.max_delay", "1s"));
        h.supervisor.start();
        h.scheduler.runPending();
        for (int i = 0; i < 5; i++) {
            h.launcher.last().exit(10 + i);
            h.advance(Duration.ofSeconds(2));
        }
        assertThat(h.last().restartHistory()).extracting(RestartEntry::exitCode).containsExactly(14, 13, 12);
    }
}
