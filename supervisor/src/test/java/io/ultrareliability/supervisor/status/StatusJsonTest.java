package io.ultrareliability.supervisor.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.supervisor.core.ChildState;
import io.ultrareliability.supervisor.core.RestartReason;
import io.ultrareliability.supervisor.process.ChildExit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusJsonTest {
    private static final Instant T = Instant.parse("2026-11-23T12:00:00Z");

    @TempDir
    Path dir;

    private static StatusSnapshot snapshot() {
        RestartRecord r = new RestartRecord(T, RestartReason.STALE_HEARTBEAT, ChildExit.fromExitValue(143),
                Duration.ofMillis(61_500), Duration.ofSeconds(2), 77, 3, false, "ack too old", List.of("last words"));
        return new StatusSnapshot(T, new StatusSnapshot.Supervisor(10, "running", T, "0.1.0"),
                new StatusSnapshot.Child(88, ChildState.RUNNING, T, 3, 12.5, ChildExit.fromExitValue(143), null, List.of(),
                        new StatusSnapshot.Health(true, 200, 0, 0, 4, T, T.minusSeconds(5), null),
                        new StatusSnapshot.Memory(123456, 536870912, 0)),
                new StatusSnapshot.Backoff(0, 1, false, null), List.of(r));
    }

    @Test
    void hasEveryFieldDesignMdPromises() {
        JsonNode j = StatusJson.toJson(snapshot());
        for (String path : List.of("/schema", "/updated_at", "/supervisor/pid", "/supervisor/state", "/child/pid",
                "/child/state", "/child/restarts", "/child/uptime_seconds", "/child/health/ok",
                "/child/health/consecutive_failures", "/child/health/latency_ms", "/child/memory/rss_bytes",
                "/backoff/next_delay_ms", "/restart_history/0/at", "/restart_history/0/reason",
                "/restart_history/0/exit_code", "/restart_history/0/signal", "/restart_history/0/uptime_seconds")) {
            assertThat(j.at(path).isMissingNode()).as(path).isFalse();
        }
        assertThat(j.at("/child/state").asText()).isEqualTo("running");
        assertThat(j.at("/restart_history/0/reason").asText()).isEqualTo("stale-heartbeat");
        assertThat(j.at("/restart_history/0/signal").asText()).isEqualTo("SIGTERM");
        assertThat(j.at("/restart_history/0/exit_code").isNull()).isTrue();
        assertThat(j.at("/restart_history/0/uptime_seconds").asDouble()).isEqualTo(61.5);
        assertThat(j.at("/crash_loop").asBoolean()).isFalse();
        assertThat(j.at("/restart_history/0/last_output/0").asText()).isEqualTo("last words");
    }

    @Test
    void theAutoRestartLineHasTimeReasonExitUptimeAndNextDelay() {
        RestartRecord r = snapshot().restartHistory().get(0);
        assertThat(r.logLine()).isEqualTo("2026-11-23T12:00:00Z reason=stale-heartbeat exit_code=- signal=SIGTERM "
                + "uptime=61.500s next_delay=2000ms pid=77 restarts=3 detail=\"ack too old\"");
    }

    @Test
    void atomicWritesReplaceTheFileWholeAndLeaveNoTempFiles() throws Exception {
        Path f = dir.resolve("status.json");
        AtomicFiles.write(f, StatusJson.bytes(snapshot()));
        AtomicFiles.write(f, "{\"x\":1}".getBytes());
        assertThat(Files.readString(f)).isEqualTo("{\"x\":1}");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(f);
        }
    }

    @Test
    void theWriterSurvivesAnUnwritableTargetAndRecovers() throws Exception {
        Path f = dir.resolve("status.json");
        Files.createDirectories(f.resolve("blocker"));
        StatusFileWriter failing = new StatusFileWriter(f);
        failing.publish(snapshot());
        failing.close(); // writes what is pending, and fails quietly
        assertThat(f).isDirectory();
        Files.delete(f.resolve("blocker"));
        Files.delete(f);
        try (StatusFileWriter w = new StatusFileWriter(f)) {
            w.publish(snapshot());
        }
        assertThat(StatusJson.mapper().readTree(f.toFile()).at("/child/pid").asLong()).isEqualTo(88);
    }
}
