package io.ultrareliability.supervisor.liveness;

import static io.ultrareliability.supervisor.liveness.SelfWatchdog.Decision.HALT;
import static io.ultrareliability.supervisor.liveness.SelfWatchdog.Decision.LATE;
import static io.ultrareliability.supervisor.liveness.SelfWatchdog.Decision.OK;
import static io.ultrareliability.supervisor.liveness.SelfWatchdog.Decision.STILL_LATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SelfWatchdogTest {
    private static final long S = 1_000_000_000L;

    @Test
    void haltsOnlyAfterTheWholeGraceLate() {
        SelfWatchdog w = new SelfWatchdog(Duration.ofSeconds(30));
        assertEquals(OK, w.observe(true, 0));
        assertEquals(LATE, w.observe(false, 10 * S));
        assertEquals(STILL_LATE, w.observe(false, 39 * S));
        assertEquals(STILL_LATE, w.observe(false, 40 * S - 1));
        assertEquals(HALT, w.observe(false, 40 * S));
    }

    @Test
    void progressRestartsTheGrace() {
        SelfWatchdog w = new SelfWatchdog(Duration.ofSeconds(30));
        assertEquals(LATE, w.observe(false, 0));
        assertEquals(STILL_LATE, w.observe(false, 29 * S));
        assertEquals(OK, w.observe(true, 29 * S + 1));
        assertEquals(LATE, w.observe(false, 31 * S));
        assertEquals(STILL_LATE, w.observe(false, 60 * S));
        assertEquals(HALT, w.observe(false, 61 * S));
    }

    @Test
    void refusesANonPositiveGrace() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SelfWatchdog(Duration.ZERO));
        assertEquals("grace must be positive, got PT0S", e.getMessage());
    }
}
