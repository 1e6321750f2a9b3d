package io.ultrareliability.supervisor.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.supervisor.probe.IdentifyBudget;
import io.ultrareliability.supervisor.process.ChildExit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusJsonTest {
    private static final Instant T = Instant.parse("2026-11-23T12:00:00Z");
    /** Sub-second digits: Instant.toString() writes them, so the file has them. */
    private static final Instant TN = Instant.parse("2026-11-23T12:00:00.123456Z");
    private static final RestartRecord STALE = new RestartRecord(T, RestartReason.STALE_HEARTBEAT,
            ChildExit.fromExitValue(143), Duration.ofMillis(61_500), Duration.ofSeconds(2), 77, 3, false, "ack too old",
            List.of("last words"));

    @TempDir
    Path dir;

    private static StatusSnapshot snapshot() {
        return new StatusSnapshot(T, new StatusSnapshot.Supervisor(10, SupervisorState.RUNNING, T, "0.1.0"),
                new StatusSnapshot.Child(88, ChildState.RUNNING, T, 3, 12.5, ChildExit.fromExitValue(143), null, List.of(),
                        new StatusSnapshot.Health(true, 200, 0, 0, 4, T, T.minusSeconds(5), null),
                        new StatusSnapshot.Memory(123456, 536870912, 0)),
                new StatusSnapshot.Backoff(0, 1, false, null), RestartEntry.of(List.of(STALE), Program.BOT));
    }

    /** Every field set, with the daemon's decorations: what the schema 1 writer wrote to schema1-full.json. */
    static StatusSnapshot full() {
        RestartRecord r1 = new RestartRecord(TN, RestartReason.STALE_HEARTBEAT, ChildExit.fromExitValue(143),
                Duration.ofMillis(61500), Duration.ofSeconds(2), 77, 3, true, "ack too old", List.of("last words"));
        RestartRecord r2 = new RestartRecord(TN.plusSeconds(1), RestartReason.CRASH, ChildExit.fromExitValue(1),
                Duration.ofMillis(1), Duration.ofSeconds(0), 0, 4, false, null, null);
        RestartRecord r3 = new RestartRecord(TN.plusSeconds(2), RestartReason.MANUAL, null,
                Duration.ZERO, Duration.ZERO, 0, 5, false, "", List.of());
        return new StatusSnapshot(TN, new StatusSnapshot.Supervisor(10, SupervisorState.RUNNING, TN, "0.1.0")
                .withHttp(8791, null).withDemoMode(true),
                StatusSnapshot.Child.of(Program.BOT, 88, ChildState.RUNNING, TN, 3, 12.34567, ChildExit.fromExitValue(143),
                        "bad config", List.of("a", "b"),
                        new StatusSnapshot.Health(false, 503, 2, 1, 4, TN, TN.minusSeconds(5), "HTTP 503",
                                TN.minusSeconds(9)),
                        new IdentifyBudget(900, 1000, TN.plusSeconds(60), 100, TN.plusSeconds(30), "waiting"),
                        new StatusSnapshot.Memory(123456, 536870912, 2)),
                new StatusSnapshot.Backoff(2000, 1, true, TN.plusSeconds(2)),
                RestartEntry.of(List.of(r1, r2, r3), Program.BOT));
    }

    /** No child, no probe yet, the web server failed: schema1-empty.json. */
    static StatusSnapshot empty() {
        return new StatusSnapshot(TN, new StatusSnapshot.Supervisor(10, SupervisorState.STOPPING, TN, "0.1.0")
                .withHttp(null, "port 8791 busy"),
                new StatusSnapshot.Child(0, ChildState.STOPPED, null, 0, 0, null, null, null,
                        new StatusSnapshot.Health(null, 0, 0, 0, 0, null, null, null),
                        new StatusSnapshot.Memory(-1, 0, 0)),
                new StatusSnapshot.Backoff(0, 0, false, null), List.of());
    }

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = StatusJsonTest.class.getResourceAsStream("/status/" + name)) {
            return StatusJson.mapper().readTree(in);
        }
    }

    /** The document minus what schema 2 added (STATUS-SPEC.md), with {@code schema} set back to 1. */
    private static JsonNode asSchema1(StatusSnapshot s) throws IOException {
        // parsed from the bytes, so numbers are the same node types as in the resource
        ObjectNode j = (ObjectNode) StatusJson.mapper().readTree(StatusJson.bytes(s));
        assertThat(j.get("schema").asInt()).isEqualTo(2);
        assertThat(j.get("keeper").isNull()).isTrue();
        assertThat(j.at("/child/program").asText()).isEqualTo("bot");
        j.put("schema", 1);
        j.remove("keeper");
        ((ObjectNode) j.get("child")).remove("program");
        for (JsonNode e : j.get("restart_history")) {
            assertThat(e.get("program").asText()).isEqualTo("bot");
            ((ObjectNode) e).remove("program");
        }
        return j;
    }

    @Test
    void schema2IsSchema1PlusTheKeeperAndProgramFieldsNothingElse() throws Exception {
        assertThat(asSchema1(full())).isEqualTo(resource("schema1-full.json"));
        assertThat(asSchema1(empty())).isEqualTo(resource("schema1-empty.json"));
    }

    @Test
    void theFileIsIndentedAndItsFieldsKeepTheSchema1Order() throws Exception {
        String text = new String(StatusJson.bytes(full()), StandardCharsets.UTF_8);
        assertThat(text).startsWith("{\n  \"schema\" : 2,\n  \"updated_at\" : \"2026-11-23T12:00:00.123456Z\",\n");
        List<String> topLevel = new ArrayList<>();
        StatusJson.toJson(full()).fieldNames().forEachRemaining(topLevel::add);
        assertThat(topLevel).containsExactly("schema", "updated_at", "supervisor", "child", "backoff", "crash_loop",
                "restart_history", "keeper");
    }

    @Test
    void whatIsWrittenReadsBackAsTheSameDocument() throws Exception {
        for (StatusSnapshot s : List.of(full(), empty(), snapshot(), withKeeper(full()))) {
            assertThat(StatusJson.read(StatusJson.bytes(s))).isEqualTo(s);
        }
    }

    @Test
    void aSchema1FileReadsAsTheBotWithoutAKeeper() throws Exception {
        StatusSnapshot s = StatusJson.read(StatusJson.mapper().writeValueAsBytes(resource("schema1-full.json")));
        assertThat(s.keeper()).isNull();
        assertThat(s.child().program()).isEqualTo(Program.BOT);
        assertThat(s.child().identifyBudget().ledger24h()).isEqualTo(100);
        assertThat(s.child().lastExit()).isEqualTo(new LastExit(null, "SIGTERM"));
        assertThat(s.restartHistory()).extracting(RestartEntry::program).containsOnly(Program.BOT);
        assertThat(s).isEqualTo(full());
    }

    @Test
    void whatIsNotAStatusDocumentIsAnIoError() {
        assertThatThrownBy(() -> StatusJson.read("null".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> StatusJson.read("{\"updated_at\": \"yesterday\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> StatusJson.read("{\"child\": {}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
    }

    static StatusSnapshot withKeeper(StatusSnapshot s) {
        RestartRecord crash = new RestartRecord(T, RestartReason.CRASH, ChildExit.fromExitValue(137),
                Duration.ofSeconds(5), Duration.ofSeconds(1), 55, 1, false, "", List.of("keeper said bye"));
        StatusSnapshot.Child keeper = StatusSnapshot.Child.of(Program.KEEPER, 56, ChildState.RUNNING, T, 1, 2.5, null,
                null, List.of("listening"), new StatusSnapshot.Health(true, 200, 0, 0, 1, T, null, null), null,
                new StatusSnapshot.Memory(50_000_000, 0, 0))
                .asKeeperSection(new StatusSnapshot.Backoff(0, 1, false, null), RestartEntry.of(List.of(crash),
                        Program.KEEPER));
        return s.withKeeper(keeper);
    }

    private static Set<String> names(JsonNode n) {
        Set<String> out = new TreeSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void theKeeperSectionHasTheFieldsOfChildPlusItsOwnBackoffAndHistory() {
        JsonNode j = StatusJson.toJson(withKeeper(full()));
        JsonNode k = j.get("keeper");
        Set<String> expected = new TreeSet<>(names(j.get("child")));
        expected.remove("fatal_reason"); // left out when null, as for the bot
        expected.addAll(List.of("enabled", "backoff", "crash_loop", "restart_history"));
        assertThat(names(k)).isEqualTo(expected);
        assertThat(k.get("program").asText()).isEqualTo("keeper");
        assertThat(k.get("enabled").asBoolean()).isTrue();
        assertThat(k.get("pid").asLong()).isEqualTo(56);
        assertThat(k.get("identify_budget").isNull()).isTrue();
        assertThat(k.at("/health/last_heartbeat_ack").isNull()).isTrue();
        assertThat(names(k.get("backoff"))).isEqualTo(names(j.get("backoff")));
        assertThat(k.get("crash_loop").asBoolean()).isFalse();
        JsonNode entry = k.at("/restart_history/0");
        assertThat(names(entry)).isEqualTo(names(j.at("/restart_history/0")));
        assertThat(entry.get("program").asText()).isEqualTo("keeper");
        assertThat(entry.get("signal").asText()).isEqualTo("SIGKILL");
        // the bot's top-level fields stay the bot's
        assertThat(j.at("/child/program").asText()).isEqualTo("bot");
        assertThat(j.at("/child/pid").asLong()).isEqualTo(88);
        assertThat(j.get("child").has("enabled")).isFalse();
        assertThat(j.get("child").has("backoff")).isFalse();
        assertThat(j.get("crash_loop").asBoolean()).isTrue();
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
        assertThat(STALE.logLine()).isEqualTo("2026-11-23T12:00:00Z reason=stale-heartbeat exit_code=- signal=SIGTERM "
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
        assertThat(StatusJson.read(Files.readAllBytes(f)).child().pid()).isEqualTo(88);
    }
}
