package io.ultrareliability.supervisor.config;

import io.ultrareliability.common.BotContract;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and checks the {@code keeper.*} keys (issue 17) and wires the pair: the keeper's
 * command and environment, and what the bot's environment gains (its gateway is the keeper;
 * in demo mode also the demo token and the keeper's simulator's REST). Apart from
 * {@link ConfigLoader} so the keeper's settings stay in one place; a bad value adds a problem
 * line and yields the default.
 *
 * <p>When there is a keeper: {@code keeper.enabled} (default true) and the bot is the default
 * child, or a {@code keeper.command} is given. A {@code child.command} of one's own without a
 * {@code keeper.command} has no keeper: we cannot know that program speaks to one.
 */
final class KeeperKeys {
    /** Variables of the bot's token chain a {@code child.env} may set: the keeper needs the same. */
    private static final List<String> SHARED_WITH_KEEPER = List.of(BotContract.DISCORD_TOKEN,
            BotContract.DISCORD_TOKEN_FILE, BotContract.CREDENTIALS_DIRECTORY, BotContract.DISCORD_API_BASE_URL,
            "DISCORD_SHARD_ID", "DISCORD_SHARD_COUNT", "DISCORD_INTENTS");
    /** The token the keeper's demo simulator accepts (the bot's DemoMode.DEMO_TOKEN); not a secret. */
    static final String DEMO_TOKEN = "demo-token";

    private KeeperKeys() {
    }

    /**
     * @param command {@code keeper.command}, null when not given
     * @param keeperEnv {@code keeper.env}
     * @param defaultBot the bot is the default child ({@code child.command} not set)
     * @param botEnv the bot's {@code child.env}, to which the keeper's address is added (in place)
     * @param env the supervisor's environment (both children inherit it)
     * @return null when there is no keeper
     */
    static SupervisorConfig.Keeper parse(ConfigValues v, List<String> command, Map<String, String> keeperEnv,
            boolean defaultBot, Map<String, String> botEnv, Map<String, String> env, Path home, Path workdir,
            int botHealthPort, int webPort) {
        boolean enabled = bool(v, "keeper.enabled");
        int port = port(v, "keeper.port");
        int simPort = port(v, "keeper.demo_sim_port");
        SupervisorConfig.Health health = new SupervisorConfig.Health(URI.create("http://127.0.0.1:" + port + "/health"),
                v.positive("keeper.health.interval"), v.positive("keeper.health.timeout"),
                v.count("keeper.health.failure_threshold"), v.duration("keeper.health.startup_grace"),
                v.positive("keeper.health.startup_interval"), v.duration("keeper.health.not_ready_timeout"));
        SupervisorConfig.Memory memory = new SupervisorConfig.Memory(
                v.size("keeper.memory.max_rss", ConfigLoader.MIN_MAX_RSS), v.positive("keeper.memory.interval"),
                v.count("keeper.memory.samples"));
        SupervisorConfig.Restart restart = new SupervisorConfig.Restart(v.duration("keeper.restart.initial_delay"),
                v.duration("keeper.restart.max_delay"), v.number("keeper.restart.multiplier", 1.0, 100.0),
                v.number("keeper.restart.jitter", 0.0, 0.99), v.duration("keeper.restart.reset_after"),
                v.count("keeper.restart.crash_loop_failures"), v.positive("keeper.restart.crash_loop_window"));
        if (restart.maxDelay().compareTo(restart.initialDelay()) < 0) {
            v.problems().add("keeper.restart.max_delay must not be smaller than keeper.restart.initial_delay");
        }
        java.time.Duration grace = v.duration("keeper.stop.grace");
        if (command != null && (command.isEmpty() || command.get(0).isBlank())) {
            v.problems().add("keeper.command: must name a program, e.g. [\"/usr/bin/java\", \"-jar\", \"keeper.jar\"]");
            return null;
        }
        if (!enabled || (!defaultBot && command == null)) {
            return null;
        }
        clash(v, "keeper.port", port, "keeper.demo_sim_port", simPort);
        clash(v, "keeper.port", port, "health.url", botHealthPort);
        clash(v, "keeper.port", port, "web.port", webPort);
        clash(v, "keeper.demo_sim_port", simPort, "health.url", botHealthPort);
        clash(v, "keeper.demo_sim_port", simPort, "web.port", webPort);

        Map<String, String> merged = new LinkedHashMap<>(env);
        merged.putAll(botEnv);
        boolean demo = defaultBot && BotContract.demoMode(merged);
        Map<String, String> kEnv = new LinkedHashMap<>(keeperEnv);
        kEnv.putIfAbsent("KEEPER_PORT", Integer.toString(port));
        kEnv.putIfAbsent("ULTRA_HOME", home.toString()); // run/keeper.db, keeper.port, keeper-admin.secret
        for (String name : SHARED_WITH_KEEPER) {
            if (botEnv.containsKey(name)) {
                kEnv.putIfAbsent(name, botEnv.get(name));
            }
        }
        if (demo) {
            kEnv.put("KEEPER_DEMO", "true");
            kEnv.put("KEEPER_DEMO_SIM_PORT", Integer.toString(simPort));
        }
        SupervisorConfig.Keeper keeper = new SupervisorConfig.Keeper(
                new SupervisorConfig.Child(command != null ? command : DefaultChild.keeper(env).command(), workdir,
                        kEnv),
                port, demo, simPort, health, memory, restart, grace);
        if (demo) {
            botEnv.putIfAbsent(BotContract.DISCORD_TOKEN, DEMO_TOKEN);
            botEnv.putIfAbsent(BotContract.DISCORD_API_BASE_URL, keeper.demoApiBaseUrl().toString());
        }
        botEnv.putIfAbsent("DISCORD_GATEWAY_URL", keeper.gatewayUrl().toString());
        return keeper;
    }

    private static void clash(ConfigValues v, String a, int portA, String b, int portB) {
        if (portA == portB) {
            v.problems().add(v.where(a) + ": port " + portA + " is also " + b + "'s; give each its own port");
        }
    }

    private static int port(ConfigValues v, String key) {
        try {
            int p = Integer.parseInt(v.text(key));
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        v.problems().add(v.where(key) + ": expected a port 1..65535, got '" + v.text(key) + "'");
        return Integer.parseInt(ConfigKeys.SCALAR_DEFAULTS.get(key));
    }

    private static boolean bool(ConfigValues v, String key) {
        return switch (v.text(key).toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> {
                v.problems().add(v.where(key) + ": expected true or false, got '" + v.text(key) + "'");
                yield true;
            }
        };
    }
}
