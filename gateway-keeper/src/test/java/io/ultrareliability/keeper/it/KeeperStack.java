package io.ultrareliability.keeper.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.sim.GatewaySim;
import io.ultrareliability.sim.SimConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Simulator (embedded, so the test reads its counters directly) -> keeper jar (a process) -> bot
 * jar (processes). Everything on 127.0.0.1 with free ports; closed in reverse order.
 */
final class KeeperStack implements AutoCloseable {
    static final String TOKEN = "keeper-it-token-0123456789";
    static final Path KEEPER_JAR = Path.of("target", "gateway-keeper.jar").toAbsolutePath();
    static final Path BOT_JAR = Path.of("..", "bot", "target", "bot.jar").toAbsolutePath().normalize();
    private static final Pattern BOT_HEALTH = Pattern.compile("health: http://127\\.0\\.0\\.1:(\\d+)");

    final GatewaySim sim;
    final Path home;
    private Proc keeper;
    private int keeperPort;
    private final List<Proc> bots = new ArrayList<>();

    KeeperStack(Path home, int guilds) {
        this.home = home;
        this.sim = GatewaySim.start(SimConfig.defaults().withTokens(List.of(TOKEN))
                .withHeartbeatInterval(Duration.ofSeconds(2)).withGuilds(guilds));
        // Discord refuses an acknowledgement after 3 s (10062): the keeper ITs must see that.
        sim.enforceInteractionDeadline(true);
    }

    Proc startKeeper(Map<String, String> extra) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Map.of("DISCORD_TOKEN", TOKEN,
                "DISCORD_API_BASE_URL", sim.restBaseUrl().toString(), "KEEPER_PORT", "0",
                "ULTRA_HOME", home.toString(), "KEEPER_HEARTBEAT_INTERVAL", "3s",
                // GUILDS, GUILD_MESSAGES and MESSAGE_CONTENT: tests tell messages apart by content.
                "DISCORD_INTENTS", Integer.toString(1 | 1 << 9 | 1 << 15)));
        env.putAll(extra);
        Path portFile = home.resolve("run").resolve("keeper.port");
        Files.deleteIfExists(portFile);
        keeper = Proc.start(KEEPER_JAR, env, home.resolve("keeper-logs"));
        Waits.until(Duration.ofSeconds(60), () -> "keeper port file " + portFile + "\n" + keeper.tail(),
                () -> Files.exists(portFile));
        keeperPort = Integer.parseInt(Files.readString(portFile, StandardCharsets.UTF_8).strip());
        Waits.until(Duration.ofSeconds(60), () -> "keeper upstream connected\n" + keeper.tail(),
                () -> health().path("upstream_connected").asBoolean());
        return keeper;
    }

    Proc keeper() {
        return keeper;
    }

    String keeperUrl() {
        return "http://127.0.0.1:" + keeperPort;
    }

    String keeperGateway() {
        return "ws://127.0.0.1:" + keeperPort + "/gateway";
    }

    JsonNode health() {
        return Waits.json(keeperUrl() + "/health");
    }

    String adminSecret() throws Exception {
        return Files.readString(home.resolve("run").resolve("keeper-admin.secret"), StandardCharsets.UTF_8).strip();
    }

    /** A bot jar pointed at the keeper (gateway) and the simulator (REST); waits for /health. */
    Bot startBot() throws Exception {
        return startBot(Map.of("DISCORD_TOKEN", TOKEN, "DISCORD_API_BASE_URL", sim.restBaseUrl().toString(),
                "DISCORD_GATEWAY_URL", keeperGateway(), "BOT_HEALTH_PORT", "0"));
    }

    /** A bot jar straight to the simulator, no keeper (the comparison figures). */
    Bot startDirectBot() throws Exception {
        return startBot(Map.of("DISCORD_TOKEN", TOKEN, "DISCORD_API_BASE_URL", sim.restBaseUrl().toString(),
                "BOT_HEALTH_PORT", "0"));
    }

    private Bot startBot(Map<String, String> env) throws Exception {
        Proc p = Proc.start(BOT_JAR, env, home.resolve("bot-logs"));
        bots.add(p);
        int port = Integer.parseInt(p.awaitMatch(BOT_HEALTH, Duration.ofSeconds(60)));
        Bot bot = new Bot(p, "http://127.0.0.1:" + port);
        Waits.until(Duration.ofSeconds(90), () -> "bot healthy\n" + p.tail() + "\nkeeper:\n" + keeper.tail(),
                () -> Waits.get(bot.base + "/health", null).statusCode() == 200);
        return bot;
    }

    /** One bot process and what it reports. */
    record Bot(Proc proc, String base) {
        JsonNode events() {
            return Waits.json(base + "/discord-status").path("events_received");
        }

        long messages() {
            return events().path("message_create").asLong();
        }

        long interactions() {
            return events().path("interaction_create").asLong();
        }
    }

    @Override
    public void close() throws Exception {
        for (Proc b : bots) {
            b.close();
        }
        if (keeper != null) {
            keeper.close();
        }
        sim.close();
    }
}
