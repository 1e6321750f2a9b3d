package io.ultrareliability.bot.runtime;

import io.ultrareliability.sim.GatewaySim;
import io.ultrareliability.sim.SimConfig;

import java.net.URI;
import java.util.List;

/**
 * No token and no API base URL: the bot starts the gateway simulator inside its own process and
 * runs against it, so a newcomer sees the whole system work without a Discord account.
 */
public final class DemoMode implements AutoCloseable {
    /** The token the embedded simulator accepts; not a secret. */
    public static final String DEMO_TOKEN = "demo-token";

    private final GatewaySim sim;

    private DemoMode(GatewaySim sim) {
        this.sim = sim;
    }

    /** Starts the simulator on an ephemeral 127.0.0.1 port with Discord's heartbeat interval. */
    public static DemoMode start() {
        return new DemoMode(GatewaySim.start(SimConfig.defaults().withTokens(List.of(DEMO_TOKEN))));
    }

    public URI restBaseUrl() {
        return sim.restBaseUrl();
    }

    public URI gatewayUrl() {
        return sim.gatewayUrl();
    }

    @Override
    public void close() {
        sim.close();
    }
}
