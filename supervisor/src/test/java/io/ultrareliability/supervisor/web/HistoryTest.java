package io.ultrareliability.supervisor.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultrareliability.supervisor.status.ChildState;
import io.ultrareliability.supervisor.status.Program;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import io.ultrareliability.supervisor.testkit.ManualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {
    private static final Instant T0 = Instant.parse("2026-11-23T14:00:00Z");

    @TempDir
    Path home;

    private static HistorySample sample(int i) {
        return new HistorySample(T0.plusSeconds(i), "running", (long) i, null, true);
    }

    @Test
    void theRingKeepsTheNewestInOrder() {
        HistoryBuffer b = new HistoryBuffer(3);
        assertThat(b.samples()).isEmpty();
        b.add(sample(1));
        b.add(sample(2));
        assertThat(b.samples()).containsExactly(sample(1), sample(2));
        b.add(sample(3));
        b.add(sample(4));
        b.add(sample(5));
        assertThat(b.samples()).containsExactly(sample(3), sample(4), sample(5));
        assertThat(b.size()).isEqualTo(3);
        assertThat(b.capacity()).isEqualTo(3);
        assertThatThrownBy(() -> new HistoryBuffer(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRingOfOne() {
        HistoryBuffer b = new HistoryBuffer(1);
        b.add(sample(1));
        b.add(sample(2));
        assertThat(b.samples()).containsExactly(sample(2));
    }

    @Test
    void samplerReadsStateMemoryAndLatencyFromTheSnapshot() {
        FakeControl control = new FakeControl().rss(1000).health(false, 12).state("unhealthy");
        ManualScheduler clock = new ManualScheduler(T0);
        HistoryBuffer b = new HistoryBuffer(10);
        HistorySampler sampler = new HistorySampler(control, b, clock, new Redactor(null));
        sampler.run();
        assertThat(b.samples()).containsExactly(new HistorySample(T0, "unhealthy", 1000L, 12.0, false));
    }

    @Test
    void unknownMemoryAndNoProbeYetAreNulls() {
        HistorySampler sampler = new HistorySampler(new FakeControl(), new HistoryBuffer(1), new ManualScheduler(T0), new Redactor(null));
        StatusSnapshot s = new FakeControl().statusSnapshot();
        StatusSnapshot.Child c = s.child();
        StatusSnapshot noChild = new StatusSnapshot(s.updatedAt(), s.supervisor(),
                StatusSnapshot.Child.of(Program.BOT, 0, ChildState.STOPPED, null, c.restarts(), 0, null, null, null,
                        StatusSnapshot.Health.NONE, null, new StatusSnapshot.Memory(-1, 0, 0)),
                s.backoff(), s.restartHistory());
        assertThat(sampler.sample(noChild)).isEqualTo(new HistorySample(T0, "stopped", null, 0.0, null));
    }

    @Test
    void aFailingSnapshotSkipsOneSampleAndNeverThrows() {
        FakeControl control = new FakeControl();
        HistoryBuffer b = new HistoryBuffer(10);
        ManualScheduler clock = new ManualScheduler(T0);
        HistorySampler sampler = new HistorySampler(control, b, clock, new Redactor(null));
        control.failWith(new IllegalStateException("boom"));
        sampler.run();
        control.failWith(null);
        clock.advance(Duration.ofSeconds(5));
        sampler.run();
        assertThat(b.samples()).extracting(HistorySample::at).containsExactly(T0.plusSeconds(5));
    }

    @Test
    void theServerSamplesAtItsCadenceAndServesExactSamples() throws Exception {
        FakeControl control = new FakeControl();
        ManualScheduler scheduler = new ManualScheduler(T0);
        Path run = home.resolve("run");
        SupervisorWebServer server = SupervisorWebServer.builder(control, new SupervisorMetrics(),
                        ControlToken.loadOrCreate(run), run)
                .config(WebServerConfig.defaults().withPort(0).withHistory(Duration.ofSeconds(2), 3))
                .scheduler(scheduler).clock(scheduler).start();
        try {
            assertThat(scheduler.periods()).containsExactly(Duration.ofSeconds(2));
            Http http = new Http(server);
            JsonNode empty = new ObjectMapper().readTree(http.get("/api/history").body());
            assertThat(empty.path("samples")).isEmpty();
            assertThat(empty.path("interval_ms").asLong()).isEqualTo(2000);
            assertThat(empty.path("capacity").asInt()).isEqualTo(3);

            long[] rss = {100, 200, 300, 400};
            for (int i = 0; i < rss.length; i++) {
                control.rss(rss[i]).health(true, rss[i] / 100);
                // the first sample is taken at once, the others one period apart
                scheduler.advance(i == 0 ? Duration.ZERO : Duration.ofSeconds(2));
            }
            control.state("backoff");
            JsonNode h = new ObjectMapper().readTree(http.get("/api/history").body());
            assertThat(h.path("samples").toString()).isEqualTo("["
                    + "{\"at\":\"2026-11-23T14:00:02Z\",\"state\":\"running\",\"rss_bytes\":200,\"health_latency_ms\":2.0,\"healthy\":true},"
                    + "{\"at\":\"2026-11-23T14:00:04Z\",\"state\":\"running\",\"rss_bytes\":300,\"health_latency_ms\":3.0,\"healthy\":true},"
                    + "{\"at\":\"2026-11-23T14:00:06Z\",\"state\":\"running\",\"rss_bytes\":400,\"health_latency_ms\":4.0,\"healthy\":true}]");
            assertThat(server.history().samples()).hasSize(3);
            server.close();
            assertThat(scheduler.liveTimers()).isZero();
            scheduler.advance(Duration.ofSeconds(2));
            assertThat(server.history().samples()).extracting(HistorySample::rssBytes).containsExactly(200L, 300L, 400L);
        } finally {
            server.close();
        }
    }

    @Test
    void withoutAnInjectedSchedulerTheServerSamplesOnItsOwnThread() {
        FakeControl control = new FakeControl();
        Path run = home.resolve("run");
        try (SupervisorWebServer server = SupervisorWebServer.builder(control, new SupervisorMetrics(),
                        ControlToken.loadOrCreate(run), run)
                .config(WebServerConfig.defaults().withPort(0).withHistory(Duration.ofMillis(100), 5)).start()) {
            org.awaitility.Awaitility.await("two samples").atMost(Duration.ofSeconds(10))
                    .until(() -> server.history().size() >= 2);
            assertThat(server.history().samples()).extracting(HistorySample::state).allMatch(List.of("running")::contains);
        }
    }
}
