package io.ultrareliability.supervisor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, row 9: a grandchild that left the child's process group ({@code setsid}) is
 * re-parented to the supervisor (a child subreaper) and stopped and reaped on the child's
 * exit and on the supervisor's stop, instead of surviving both, orphaned.
 */
class EscapedProcessesIT extends OneSupervisorPerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aSetsidGrandchildDoesNotSurviveTheChildsCrash() throws Exception {
        RawChild.shell(home, "setsid sleep 1001 & echo ESCAPED $!; sleep 1; exit 3");
        sup.process = sup.launch("run");
        long escaped = RawChild.pidFromBotLog(home, "ESCAPED");
        assertThat(ItSupport.statFields(escaped)).as("left the group: its own session").isNotNull();
        sup.awaitRestart(1, WAIT);
        // The restart waits for the sweep, as systemd waits for the cgroup: gone, and reaped (no zombie).
        assertThat(ItSupport.statFields(escaped)).as("pid %d after the crash", escaped).isNull();
        assertThat(sup.supervisorLog()).contains("escaped the child's group");
    }

    @Test
    void aSetsidGrandchildDoesNotSurviveTheSupervisorsStop() throws Exception {
        RawChild.shell(home, "setsid sleep 1001 & echo ESCAPED $!; exec sleep 600");
        sup.process = sup.launch("run");
        long escaped = RawChild.pidFromBotLog(home, "ESCAPED");
        long child = sup.awaitRunning(WAIT).path("child").path("pid").asLong();
        assertThat(ItSupport.statFields(escaped)[2]).as("its own process group").isNotEqualTo(Long.toString(child));
        assertThat(sup.terminate(WAIT)).isZero();
        assertThat(ItSupport.statFields(escaped)).as("pid %d after the stop", escaped).isNull();
        assertThat(ItSupport.alive(child)).isFalse();
    }
}
