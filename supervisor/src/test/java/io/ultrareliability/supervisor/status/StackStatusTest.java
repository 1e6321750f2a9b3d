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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema 2 (issue 17): the keeper's section in the shape of child, and how the two snapshots combine. */
class StackStatusTest {
    private static final Instant T = Instant.parse("2026-11-30T04:00:00Z");

    @TempDir
    Path dir;

    private static StatusSnapshot snapshot(long pid, ChildState state, int restarts, RestartReason reason) {
        List<RestartRecord> history = reason == null ? List.of()
                : List.of(new RestartRecord(T, reason, ChildExit.fromExitValue(137), Duration.ofSeconds(5),
                        Duration.ofSeconds(1), pid - 1, restarts, false, "killed", List.of("bye")));
        return new StatusSnapshot(T, new StatusSnapshot.Supervisor(10, "running", T, "0.1.0"),
                new StatusSnapshot.Child(pid, state, T, restarts, 3.0, null, null, List.of(),
                        new StatusSnapshot.Health(true, 200, 0, 0, 4, T, null, null),
                        new StatusSnapshot.Memory(1000, 2000, 0)),
                new StatusSnapshot.Backoff(0, 0, false, null), history);
    }

    @Test
    void withoutAKeeperTheSectionIsNullAndTheBotIsNamed() {
        List<StatusSnapshot> out = new ArrayList<>();
        StackStatus stack = new StackStatus(out::add, false);
        stack.bot().publish(snapshot(20, ChildState.RUNNING, 1, RestartReason.CRASH));
        JsonNode j = StatusJson.toJson(out.get(0));
        assertThat(j.path("schema").asInt()).isEqualTo(2);
        assertThat(j.has("keeper")).isTrue();
        assertThat(j.path("keeper").isNull()).isTrue();
        assertThat(j.at("/child/program").asText()).isEqualTo("bot");
        assertThat(j.at("/restart_history/0/program").asText()).isEqualTo("bot");
    }

    @Test
    void theKeeperSectionHasEveryFieldOfChildPlusItsBackoffCrashLoopAndHistory() {
        List<StatusSnapshot> out = new ArrayList<>();
        StackStatus stack = new StackStatus(out::add, true);
        stack.keeper().publish(snapshot(11, ChildState.STARTING, 0, null));
        assertThat(out).as("nothing before the bot's first snapshot").isEmpty();
        stack.bot().publish(snapshot(20, ChildState.STOPPED, 0, null));
        stack.keeper().publish(snapshot(12, ChildState.RUNNING, 1, RestartReason.MEMORY));
        assertThat(out).hasSize(2);
        JsonNode j = StatusJson.toJson(out.get(1));
        assertThat(stack.current()).isEqualTo(out.get(1));
        JsonNode k = j.path("keeper");
        assertThat(k.path("program").asText()).isEqualTo("keeper");
        assertThat(k.path("enabled").asBoolean()).isTrue();
        assertThat(k.path("pid").asLong()).isEqualTo(12);
        assertThat(k.path("state").asText()).isEqualTo("running");
        JsonNode child = j.path("child");
        List<String> childFields = new ArrayList<>();
        child.fieldNames().forEachRemaining(childFields::add);
        childFields.remove("program");
        for (String f : childFields) {
            assertThat(k.has(f)).as("keeper." + f).isTrue();
        }
        List<String> backoffFields = new ArrayList<>();
        j.path("backoff").fieldNames().forEachRemaining(backoffFields::add);
        for (String f : backoffFields) {
            assertThat(k.path("backoff").has(f)).as("keeper.backoff." + f).isTrue();
        }
        assertThat(k.path("crash_loop").isBoolean()).isTrue();
        assertThat(k.at("/restart_history/0/program").asText()).isEqualTo("keeper");
        assertThat(k.at("/restart_history/0/reason").asText()).isEqualTo("memory");
        assertThat(k.at("/restart_history/0/pid").asLong()).isEqualTo(11);
        assertThat(j.path("restart_history")).isEmpty(); // the bot's own, apart
        assertThat(j.at("/child/pid").asLong()).isEqualTo(20);
    }

    @Test
    void autoRestartLinesNameTheirProgramInOneFile() throws Exception {
        Path f = dir.resolve("auto_restart.log");
        AutoRestartLog log = new AutoRestartLog(f);
        log.program("bot").append(snapshot(20, ChildState.RUNNING, 1, RestartReason.CRASH).restartHistory().get(0));
        log.program("keeper").append(snapshot(12, ChildState.RUNNING, 1, RestartReason.MANUAL).restartHistory().get(0));
        List<String> lines = Files.readAllLines(f);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("2026-11-30T04:00:00Z program=bot reason=crash exit_code=- signal=SIGKILL ");
        assertThat(lines.get(1)).startsWith("2026-11-30T04:00:00Z program=keeper reason=manual ");
    }
}
