package io.ultrareliability.supervisor.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ultrareliability.supervisor.config.ConfigLoader;
import io.ultrareliability.supervisor.config.SupervisorConfig;
import io.ultrareliability.supervisor.core.Supervisor;
import io.ultrareliability.supervisor.core.SupervisorParts;
import io.ultrareliability.supervisor.liveness.Supervision;
import io.ultrareliability.supervisor.probe.HealthResult;
import io.ultrareliability.supervisor.probe.LogTriggers;
import io.ultrareliability.supervisor.status.RestartRecord;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import io.ultrareliability.supervisor.testkit.FakeLauncher;
import io.ultrareliability.supervisor.testkit.ManualScheduler;
import io.ultrareliability.supervisor.web.SupervisorMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The web API's adapter over a real core driven by a manual scheduler and fake children. */
class WebControlTest {
    private final ManualScheduler loop = new ManualScheduler();
    private final FakeLauncher launcher = new FakeLauncher();
    private final List<RestartRecord> restarts = new ArrayList<>();
    private final HttpEndpoint http = new HttpEndpoint();
    private final ChildOutputRing output = new ChildOutputRing(3);
    private final SupervisorMetrics metrics = new SupervisorMetrics();
    private HealthResult health = HealthResult.up(200, Duration.ofMillis(4), null);
    private final SupervisorConfig config;
    private final Supervisor supervisor;
    private final WebControl control;
    private final Supervision supervision = new Supervision(Duration.ofSeconds(1), loop::nanoTime);

    WebControlTest() throws Exception {
        config = new ConfigLoader(Path.of("/nonexistent-ultra-home"), Map.of()).load(null,
                Map.of("child.command", "fake-child", "health.url", "http://127.0.0.1:8790/health"));
        supervisor = new Supervisor(config, new SupervisorParts(loop, launcher,
                () -> CompletableFuture.completedFuture(health), child -> 1_000_000,
                new LogTriggers(config.logTriggers()), s -> { }, restarts::add, () -> 0.5,
                output.tee(line -> { }), () -> "v1", 42, "test"));
        supervisor.addListener(new MetricsListener(metrics));
        control = new WebControl(supervisor, output, http::decorate, true, supervision);
    }

    private void startHealthy() {
        supervisor.start();
        loop.runPending();
        loop.advance(config.health().startupInterval());
    }

    @Test
    void aStatusWriteThatNeverEndsIsASupervisionProblem() {
        supervision.startPulse(loop);
        startHealthy();
        assertThat(control.supervisionProblem()).isNull();
        supervision.statusQueued();
        loop.advance(Supervision.STATUS_DEADLINE);
        assertThat(control.supervisionProblem()).isNull();
        loop.advance(Duration.ofMillis(1));
        assertThat(control.supervisionProblem()).isEqualTo("not supervising: status writer stuck for 20001 ms"
                + " (deadline 20000 ms)");
        supervision.statusWritten();
        assertThat(control.supervisionProblem()).isNull();
    }

    @Test
    void statusCarriesTheWebPortAndHealthNeedsAPassingProbe() {
        assertThat(control.childHealthy()).isFalse();
        http.listening(8791);
        startHealthy();
        StatusSnapshot s = control.statusSnapshot();
        assertThat(s.supervisor().httpPort()).isEqualTo(8791);
        assertThat(s.child().pid()).isEqualTo(1000L);
        assertThat(control.childHealthy()).isTrue();

        health = HealthResult.down(0, Duration.ofMillis(2000), "timeout");
        loop.advance(config.health().interval());
        assertThat(control.childHealthy()).isFalse();

        http.failed("cannot listen on 127.0.0.1:8791: address already in use");
        StatusSnapshot.Supervisor sup = control.statusSnapshot().supervisor();
        assertThat(sup.httpPort()).isNull();
        assertThat(sup.httpError()).isEqualTo("cannot listen on 127.0.0.1:8791: address already in use");
        assertThat(metrics.scrape()).contains("ultra_reliability_health_check_duration_seconds_count 2")
                .contains("ultra_reliability_health_check_failures_total 1.0");
    }

    @Test
    void restartIsManualAndCounted() {
        startHealthy();
        control.requestRestart("manual");
        loop.runPending();
        assertThat(restarts).singleElement().satisfies(r -> {
            assertThat(r.reason().jsonName()).isEqualTo("manual");
            assertThat(r.detail()).isEqualTo("manual restart over the HTTP API");
            assertThat(r.oldPid()).isEqualTo(1000);
        });
        assertThat(launcher.children).hasSize(2);
        assertThat(metrics.scrape()).contains("ultra_reliability_child_restarts_total{reason=\"manual\"} 1.0");
    }

    @Test
    void stopAndStartAreRefusedWhereTheyMakeNoSense() {
        startHealthy();
        assertThatThrownBy(control::startChild).isInstanceOf(IllegalStateException.class)
                .hasMessage("the child is running, not stopped");
        control.stopChild();
        loop.runPending();
        assertThat(supervisor.snapshot().child().state().jsonName()).isEqualTo("stopped");
        assertThatThrownBy(control::stopChild).hasMessage("the child is already stopped");
        control.startChild();
        loop.runPending();
        assertThat(launcher.children).hasSize(2);

        supervisor.shutdown();
        loop.runPending();
        assertThatThrownBy(() -> control.requestRestart("manual")).hasMessage("the supervisor is shutting down");
        assertThat(launcher.children).hasSize(2);
    }

    @Test
    void theLogTailKeepsTheNewestLinesCutToLength() {
        startHealthy();
        for (int i = 1; i <= 5; i++) {
            launcher.last().print("line " + i);
        }
        launcher.last().print("x".repeat(600));
        assertThat(control.lastChildLogLines(50)).hasSize(3).startsWith("line 4", "line 5");
        assertThat(control.lastChildLogLines(50).get(2)).hasSize(503).endsWith("...");
        assertThat(control.lastChildLogLines(1)).hasSize(1);
    }
}
