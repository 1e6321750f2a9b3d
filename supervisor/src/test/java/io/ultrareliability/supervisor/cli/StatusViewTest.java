package io.ultrareliability.supervisor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrareliability.supervisor.probe.IdentifyBudget;
import io.ultrareliability.supervisor.process.ChildExit;
import io.ultrareliability.supervisor.status.AotCache;
import io.ultrareliability.supervisor.status.AotCacheState;
import io.ultrareliability.supervisor.status.ChildState;
import io.ultrareliability.supervisor.status.Program;
import io.ultrareliability.supervisor.status.RestartEntry;
import io.ultrareliability.supervisor.status.RestartReason;
import io.ultrareliability.supervisor.status.RestartRecord;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import io.ultrareliability.supervisor.status.StatusSnapshot.Backoff;
import io.ultrareliability.supervisor.status.StatusSnapshot.Child;
import io.ultrareliability.supervisor.status.StatusSnapshot.Health;
import io.ultrareliability.supervisor.status.StatusSnapshot.Memory;
import io.ultrareliability.supervisor.status.SupervisorState;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusViewTest {
    private static final Instant T = Instant.parse("2026-11-30T01:00:00Z");
    private static final Health OK_2MS = new Health(true, 200, 0, 0, 2, T, null, null);

    private static StatusSnapshot.Supervisor sup() {
        return new StatusSnapshot.Supervisor(7, SupervisorState.RUNNING, T, "test");
    }

    private static Child bot(ChildState state, IdentifyBudget budget, Health health) {
        return Child.of(Program.BOT, 9, state, T, 1, 3, null, null, List.of(), health, budget,
                new Memory(1_048_576, 0, 0));
    }

    private static StatusSnapshot status(StatusSnapshot.Supervisor sup, Child bot) {
        return new StatusSnapshot(T, sup, bot, new Backoff(0, 0, false, null), List.of());
    }

    private static StatusSnapshot withKeeper(StatusSnapshot s, ChildState state, boolean crashLoop) {
        RestartRecord crash = new RestartRecord(T.minusSeconds(30), RestartReason.CRASH, ChildExit.fromExitValue(137),
                Duration.ofSeconds(5), Duration.ofMillis(1500), 55, 1, crashLoop, "exit 137", List.of());
        long pid = state.hasChild() ? 8 : 0;
        Child k = Child.of(Program.KEEPER, pid, state, pid > 0 ? T : null, 1, pid > 0 ? 65 : 0, null, null,
                List.of(), pid > 0 ? new Health(true, 200, 0, 0, 1, T, null, null) : Health.NONE, null,
                new Memory(pid > 0 ? 41_943_040 : -1, 268_435_456, 0))
                .asKeeperSection(new Backoff(state == ChildState.BACKOFF ? 1500 : 0, 1, crashLoop, null),
                        RestartEntry.of(List.of(crash), Program.KEEPER));
        return s.withKeeper(k);
    }

    @Test
    void theSummaryOfABotWithoutKeeperIsExactlyTheSchema1One() {
        StatusSnapshot s = status(sup().withHttp(8791, null), bot(ChildState.RUNNING, null, OK_2MS));
        assertThat(StatusView.summary(s, true)).isEqualTo("""
                supervisor: running (pid 7)
                child:      running (pid 9, up 3.0s), restarts 1
                health:     ok 2ms
                memory:     1.0 MiB (no limit)
                web:        http://127.0.0.1:8791/
                """);
    }

    @Test
    void theSummaryShowsTheAotCacheWhenTheStatusHasIt() {
        StatusSnapshot s = status(sup().withHttp(8791, null)
                .withAotCache(new AotCache(AotCacheState.READY, true, T, "trained in 12s")),
                bot(ChildState.RUNNING, null, OK_2MS));
        assertThat(StatusView.summary(s, true))
                .contains("aot cache:  ready, the bot started from it (trained in 12s)\n")
                .contains("web:        http://127.0.0.1:8791/\n");
        assertThat(StatusView.summary(s.withSupervisor(s.supervisor().withAotCache(null)), true))
                .doesNotContain("aot cache");
    }

    @Test
    void theSummarySaysDemoModeOnlyWhenTheStatusSaysSo() {
        StatusSnapshot s = status(sup().withDemoMode(true), bot(ChildState.RUNNING, null, OK_2MS));
        assertThat(StatusView.summary(s, true))
                .contains("\nDEMO MODE:  no Discord token set: the bot runs against a built-in Discord simulator\n");
        assertThat(StatusView.summary(s.withSupervisor(sup()), true)).doesNotContain("DEMO");
    }

    @Test
    void theSummarySaysWhenTheBotWaitsForItsIdentifyBudget() {
        Instant reset = Instant.parse("2026-11-30T01:02:00Z");
        Health waiting = new Health(false, 503, 1, 0, 2, T, null, "HTTP 503: waiting for the IDENTIFY budget");
        StatusSnapshot s = status(sup(), bot(ChildState.UNHEALTHY, new IdentifyBudget(5, 20, reset, 15, reset, "x"),
                waiting));
        assertThat(StatusView.summary(s, true)).contains("health:     FAIL 2ms (HTTP 503: waiting for the IDENTIFY "
                + "budget)\n").contains("identify:   5 of 20 left (15 in the ledger's 24 h), WAITING for Discord's "
                + "reset until 2026-11-30T01:02:00Z (not restarted meanwhile)\n");
        StatusSnapshot notWaiting = status(sup(), bot(ChildState.RUNNING,
                new IdentifyBudget(5, 20, reset, 15, null, null), OK_2MS));
        assertThat(StatusView.summary(notWaiting, true)).contains("identify:   5 of 20 left")
                .doesNotContain("WAITING");
    }

    @Test
    void theKeeperGetsItsOwnLinesAfterTheBots() {
        StatusSnapshot s = withKeeper(status(sup(), bot(ChildState.RUNNING, null, OK_2MS)), ChildState.RUNNING, false);
        assertThat(StatusView.summary(s, true)).isEqualTo("""
                supervisor: running (pid 7)
                child:      running (pid 9, up 3.0s), restarts 1
                health:     ok 2ms
                memory:     1.0 MiB (no limit)
                keeper:     running (pid 8, up 1m5s), restarts 1
                  health:   ok 1ms
                  memory:   40.0 MiB (limit 256.0 MiB)
                  last restart: 2026-11-30T00:59:30Z reason crash (exit 137)
                """);
    }

    @Test
    void aKeeperInBackoffShowsItsDelayAndItsCrashLoop() {
        StatusSnapshot s = withKeeper(status(sup(), bot(ChildState.RUNNING, null, OK_2MS)), ChildState.BACKOFF, true);
        assertThat(StatusView.summary(s, true)).endsWith("""
                keeper:     backoff, restarts 1
                  health:   -
                  memory:   - (limit 256.0 MiB)
                  backoff:  next start in 1500 ms
                ALERT:      keeper crash loop: retrying at the backoff cap
                  last restart: 2026-11-30T00:59:30Z reason crash (exit 137)
                """).doesNotContain("ALERT:      crash loop");
    }

    @Test
    void theMonitorLineAddsTheKeeperAfterTheBotsFields() {
        Instant now = Instant.parse("2026-11-30T01:00:05Z");
        String time = LocalTime.ofInstant(now, ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("HH:mm:ss"));
        StatusSnapshot s = status(sup(), bot(ChildState.RUNNING, null, OK_2MS));
        String botFields = "state=running pid=9 uptime=3.0s rss=1.0MiB health=ok/2ms restarts=1";
        assertThat(StatusView.monitorLine(s, true, now)).isEqualTo(time + " " + botFields);
        assertThat(StatusView.monitorLine(withKeeper(s, ChildState.RUNNING, false), true, now)).isEqualTo(time + " "
                + botFields + " | keeper state=running pid=8 uptime=1m5s rss=40.0MiB health=ok/1ms restarts=1");
        assertThat(StatusView.monitorLine(withKeeper(s, ChildState.BACKOFF, true), false, now)).isEqualTo(time
                + " [supervisor NOT RUNNING] " + botFields
                + " | keeper state=backoff pid=- uptime=- rss=- health=- restarts=1 CRASH-LOOP");
        assertThat(StatusView.monitorLine(null, false, now)).isEqualTo(time + " no status file yet; supervisor not running");
    }
}
