package io.ultrareliability.supervisor.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrareliability.supervisor.status.ChildState;
import io.ultrareliability.supervisor.status.Program;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** issue 17: with a keeper the per-program series carry {@code program}; the keeper's gauges come from its section. */
class SupervisorMetricsProgramTest {
    private static StatusSnapshot.Child section(long pid, ChildState state, long rss, long delayMs, boolean crashLoop) {
        return StatusSnapshot.Child.of(Program.KEEPER, pid, state, null, 0, 0, null, null, List.of(),
                StatusSnapshot.Health.NONE, null, new StatusSnapshot.Memory(rss, 0, 0))
                .asKeeperSection(new StatusSnapshot.Backoff(delayMs, 1, crashLoop, null), List.of());
    }

    @Test
    void perProgramSeriesAreLabelledAndFedFromBothSections() {
        SupervisorMetrics m = new SupervisorMetrics(true);
        Map<String, Double> fresh = SupervisorMetricsTest.series(m.scrape());
        assertThat(fresh).containsEntry("ultra_reliability_child_restarts_total{program=\"keeper\",reason=\"crash\"}", 0.0)
                .containsEntry("ultra_reliability_child_restarts_total{program=\"bot\",reason=\"manual\"}", 0.0)
                .containsEntry("ultra_reliability_child_up{program=\"keeper\"}", 0.0)
                .doesNotContainKey("ultra_reliability_child_up");
        m.recordRestart("keeper", "memory");
        m.recordRestart("bot", "crash");
        m.recordHealthProbe("keeper", Duration.ofMillis(3), false);
        m.updateGauges(new FakeControl().rss(1000).keeper(section(0, ChildState.BACKOFF, 0, 2500, true))
                .statusSnapshot());
        Map<String, Double> s = SupervisorMetricsTest.series(m.scrape());
        assertThat(s).containsEntry("ultra_reliability_child_restarts_total{program=\"keeper\",reason=\"memory\"}", 1.0)
                .containsEntry("ultra_reliability_child_restarts_total{program=\"bot\",reason=\"crash\"}", 1.0)
                .containsEntry("ultra_reliability_child_restarts_total{program=\"bot\",reason=\"memory\"}", 0.0)
                .containsEntry("ultra_reliability_health_check_failures_total{program=\"keeper\"}", 1.0)
                .containsEntry("ultra_reliability_child_up{program=\"bot\"}", 1.0)
                .containsEntry("ultra_reliability_child_pid{program=\"bot\"}", 4242.0)
                .containsEntry("ultra_reliability_child_up{program=\"keeper\"}", 0.0)
                .containsEntry("ultra_reliability_backoff_delay_seconds{program=\"keeper\"}", 2.5)
                .containsEntry("ultra_reliability_crash_loop{program=\"keeper\"}", 1.0)
                .containsEntry("ultra_reliability_crash_loop{program=\"bot\"}", 0.0);
        assertThat(List.copyOf(s.keySet())).noneMatch(k -> k.startsWith("ultra_reliability_child_up{}"));
    }

    @Test
    void withoutAKeeperTheSeriesAreAsBefore() {
        SupervisorMetrics m = new SupervisorMetrics(false);
        m.recordRestart("bot", "crash");
        assertThat(SupervisorMetricsTest.series(m.scrape()))
                .containsEntry("ultra_reliability_child_restarts_total{reason=\"crash\"}", 1.0)
                .containsEntry("ultra_reliability_child_up", 0.0);
    }
}
