package io.ultrareliability.keeper;

import io.ultrareliability.sim.GatewaySim;
import io.ultrareliability.sim.SimConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Demo mode (issue 17, {@code KEEPER_DEMO=true}): the keeper runs the gateway simulator in its
 * own process, on a known port ({@code KEEPER_DEMO_SIM_PORT}, default 8793), and holds its
 * session with the demo token. The simulator lives with the keeper, not with the bot, so a bot
 * restart does not restart "Discord": the pair in demo mode behaves as it would with Discord.
 * The bot is pointed at the simulator's REST (the supervisor sets its {@code DISCORD_API_BASE_URL}
 * and the same token).
 */
final class KeeperDemo implements AutoCloseable {
    /** The token the simulator accepts (the bot's DemoMode.DEMO_TOKEN); not a secret. */
    static final String TOKEN = "demo-token";
    static final int DEFAULT_SIM_PORT = 8793;

    private final GatewaySim sim;

    private KeeperDemo(GatewaySim sim) {
        this.sim = sim;
    }

    static boolean requested(Map<String, String> env) {
        String v = env.getOrDefault("KEEPER_DEMO", "").strip();
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "", "false", "0", "no", "off" -> false;
            case "true", "1", "yes", "on" -> true;
            default -> throw new KeeperConfigException("KEEPER_DEMO must be true or false, got '" + v + "'");
        };
    }

    /** Starts the simulator; throws {@link KeeperConfigException} for a bad port setting. */
    static KeeperDemo start(Map<String, String> env) {
        String p = env.getOrDefault("KEEPER_DEMO_SIM_PORT", Integer.toString(DEFAULT_SIM_PORT)).strip();
        int port;
        try {
            port = Integer.parseInt(p);
        } catch (NumberFormatException e) {
            throw new KeeperConfigException("KEEPER_DEMO_SIM_PORT must be a whole number, got '" + p + "'");
        }
        if (port < 0 || port > 65_535) {
            throw new KeeperConfigException("KEEPER_DEMO_SIM_PORT must be 0..65535, got " + port);
        }
        return new KeeperDemo(GatewaySim.start(SimConfig.defaults().withPort(port).withTokens(List.of(TOKEN))));
    }

    /**
     * The keeper's environment against the simulator: its REST and the demo token, no other
     * token source (a token file named by the environment would win over the demo token).
     */
    Map<String, String> environment(Map<String, String> env) {
        Map<String, String> e = new HashMap<>(env);
        e.remove("DISCORD_TOKEN_FILE");
        e.remove("CREDENTIALS_DIRECTORY");
        e.put("DISCORD_TOKEN", TOKEN);
        e.put("DISCORD_API_BASE_URL", sim.restBaseUrl().toString());
        return e;
    }

    int port() {
        return sim.port();
    }

    @Override
    public void close() {
        sim.close();
    }
}
