package io.ultrareliability.supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrareliability.supervisor.probe.HealthResult;
import io.ultrareliability.supervisor.status.ChildState;
import io.ultrareliability.supervisor.status.RestartRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event hooks the metrics hang on: one call per restart and per health probe, from the loop. */
class SupervisorListenerHooksTest {
    private static final class Recorder implements SupervisorListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void onRestart(RestartRecord record) {
            events.add("restart " + record.reason().jsonName() + " #" + record.restarts());
        }

        @Override
        public void onHealthProbe(Duration latency, boolean ok) {
            events.add("probe " + latency.toMillis() + "ms " + (ok ? "ok" : "failed"));
        }
    }

    @Test
    void everyProbeAndEveryRestartFiresItsHookOnce() throws Exception {
        SupervisorHarness h = new SupervisorHarness();
        Recorder rec = new Recorder();
        h.supervisor.addListener(rec);
        h.startHealthy();
        assertThat(rec.events).containsExactly("probe 3ms ok");

        h.health = HealthResult.down(503, Duration.ofMillis(7), "HTTP 503");
        h.advance(h.config.health().interval());
        assertThat(rec.events).containsExactly("probe 3ms ok", "probe 7ms failed");

        h.launcher.last().exit(1);
        h.scheduler.runPending();
        assertThat(rec.events).endsWith("restart crash #1");

        h.health = HealthResult.up(200, Duration.ofMillis(2), null);
        h.advance(h.config.health().startupInterval());
        h.supervisor.requestRestart("test");
        h.scheduler.runPending();
        assertThat(rec.events).containsExactly("probe 3ms ok", "probe 7ms failed", "restart crash #1",
                "probe 2ms ok", "restart manual #2");
        assertThat(h.last().child().restarts()).isEqualTo(2);
    }

    @Test
    void aThrowingListenerNeverStopsTheLoop() throws Exception {
        SupervisorHarness h = new SupervisorHarness();
        h.supervisor.addListener(new SupervisorListener() {
            @Override
            public void onRestart(RestartRecord record) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void onHealthProbe(Duration latency, boolean ok) {
                throw new IllegalStateException("boom");
            }
        });
        h.startHealthy();
        assertThat(h.state()).isEqualTo(ChildState.RUNNING);
        h.launcher.last().exit(1);
        h.scheduler.runPending();
        h.advance(h.config.health().startupInterval());
        assertThat(h.launcher.children).hasSize(2);
        assertThat(h.state()).isEqualTo(ChildState.RUNNING);
    }
}
