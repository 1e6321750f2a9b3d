package io.ultrareliability.bot.it;

import io.ultrareliability.sim.GatewaySim;
import io.ultrareliability.sim.SimConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/**
 * Bot ITs against an in-process simulator (1 s heartbeats) that accepts {@link #TOKEN}:
 * whatever a test registers in {@link #cleanup} is closed after it, newest first.
 */
abstract class AgainstTheSimulator {
    static final String TOKEN = "it-secret-" + UUID.randomUUID();

    final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
    }

    GatewaySim sim() {
        GatewaySim sim = GatewaySim.start(SimConfig.defaults().withTokens(List.of(TOKEN))
                .withHeartbeatInterval(Duration.ofSeconds(1)));
        cleanup.add(sim);
        return sim;
    }
}
