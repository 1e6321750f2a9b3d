package io.ultrareliability.bot.runtime;

import io.ultrareliability.bot.config.ConfigException;

import java.net.URI;

/** Interim: demo mode lands with the gateway simulator (branch sim). */
public final class DemoMode implements AutoCloseable {
    public static final String DEMO_TOKEN = "demo-token";

    private DemoMode() {
    }

    public static DemoMode start() {
        throw new ConfigException("no DISCORD_TOKEN set, and demo mode needs the gateway simulator, "
                + "which this build does not have yet");
    }

    public URI restBaseUrl() {
        throw new IllegalStateException("no demo simulator");
    }

    @Override
    public void close() {
        // nothing started
    }
}
