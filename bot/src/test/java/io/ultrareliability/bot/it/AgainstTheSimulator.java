package io.ultrareliability.bot.it;

import io.ultrareliability.sim.GatewaySim;
import io.ultrareliability.sim.SimConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;

/**
 * Bot ITs against an in-process simulator (1 s heartbeats unless a test says otherwise) that
 * accepts {@link #TOKEN}: whatever a test registers in {@link #cleanup} is closed after it,
 * newest first.
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
        return sim(UnaryOperator.identity());
    }

    /** @param tweak changes the default configuration (1 s heartbeats, {@link #TOKEN}) */
    GatewaySim sim(UnaryOperator<SimConfig> tweak) {
        GatewaySim sim = GatewaySim.start(tweak.apply(SimConfig.defaults().withTokens(List.of(TOKEN))
                .withHeartbeatInterval(Duration.ofSeconds(1))));
        cleanup.add(sim);
        return sim;
    }

    /**
     * A bot process that talks to {@code sim} with {@link #TOKEN}, its health server on a free port.
     *
     * @param more further environment: name, value, name, value, ...
     */
    BotProcess botOn(GatewaySim sim, String... more) throws IOException {
        if (more.length % 2 != 0) {
            throw new IllegalArgumentException("more takes name, value pairs");
        }
        Map<String, String> env = new HashMap<>(Map.of(
                "DISCORD_TOKEN", TOKEN,
                "DISCORD_API_BASE_URL", sim.restBaseUrl().toString(),
                "BOT_HEALTH_PORT", "0"));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        BotProcess bot = BotProcess.start(env);
        cleanup.add(bot);
        return bot;
    }
}
