package io.ultrareliability.supervisor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, the real pair: the supervisor jar runs the gateway-keeper jar and the bot jar in
 * demo mode (no token): simulator (inside the keeper) → keeper → bot. The bot connects through
 * the keeper, a kill -9 of the bot costs no IDENTIFY at the simulator (the keeper's session
 * lives on), and {@code stop} ends the session and leaves no process.
 */
class KeeperDemoIT {
    /** JVM starts on a loaded 2-core machine: 15 s each was measured; generous deadlines, never sleeps. */
    private static final Duration WAIT = Duration.ofSeconds(150);
    private static final Path ROOT = ItSupport.MODULE.getParent();

    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private JsonNode getJson(int port, String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return ItSupport.JSON.readTree(r.body());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void theBotReachesTheSimulatorThroughTheKeeperAndSurvivesKill9WithoutAnIdentify() throws Exception {
        assertThat(ROOT.resolve("gateway-keeper/target/gateway-keeper.jar")).as("built by the reactor first").exists();
        assertThat(ROOT.resolve("bot/target/bot.jar")).as("built by the reactor first").exists();
        int botPort = ItSupport.freePort();
        int keeperPort = ItSupport.freePort();
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/ultra-reliability.yml"), """
                child:
                  aot_cache: "off"
                health:
                  url: http://127.0.0.1:%d/health
                  interval: 500ms
                  timeout: 2s
                  startup_grace: 120s
                web:
                  port: 0
                keeper:
                  port: %d
                  demo_sim_port: %d
                  health:
                    interval: 500ms
                    startup_grace: 120s
                    startup_interval: 100ms
                """.formatted(botPort, keeperPort, ItSupport.freePort()));
        try (SupervisorProcess sup = new SupervisorProcess(home, botPort)) {
            sup.env.put("ULTRA_SRC", ROOT.toString());
            sup.env.put("ULTRA_JAVA", ItSupport.JAVA);
            for (String v : List.of("DISCORD_TOKEN", "DISCORD_TOKEN_FILE", "CREDENTIALS_DIRECTORY", "DISCORD_API_BASE_URL")) {
                sup.env.put(v, ""); // blank counts as unset: demo mode whatever the test's environment holds
            }
            sup.process = sup.launch("run");
            JsonNode s = ItSupport.await("bot and keeper running", WAIT, () -> {
                if (!sup.process.isAlive()) {
                    throw new AssertionError("the supervisor exited " + sup.process.exitValue() + ": "
                            + ItSupport.read(home.resolve("cli.err")));
                }
                JsonNode j = sup.status();
                return j != null && j.path("child").path("state").asText().equals("running")
                        && j.path("keeper").path("state").asText().equals("running") ? j : null;
            });
            long botPid = s.path("child").path("pid").asLong();
            long keeperPid = s.path("keeper").path("pid").asLong();
            sup.trackChild(botPid);
            sup.trackChild(keeperPid);
            assertThat(s.path("supervisor").path("demo_mode").asBoolean()).isTrue();

            JsonNode discord = ItSupport.await("the bot connected through the keeper", WAIT, () -> {
                JsonNode d = getJson(botPort, "/discord-status");
                return d != null && d.path("status").asText().equals("connected") ? d : null;
            });
            assertThat(discord.path("gateway_mode").asText()).isEqualTo("keeper");
            assertThat(discord.path("gateway_url").asText()).isEqualTo("ws://127.0.0.1:" + keeperPort + "/gateway");
            JsonNode keeperHealth = getJson(keeperPort, "/health");
            assertThat(keeperHealth.path("upstream_identifies").asInt()).isEqualTo(1);

            ItSupport.signal(botPid, "KILL");
            ItSupport.await("a new bot connected through the keeper", WAIT, () -> {
                JsonNode j = sup.status();
                if (j == null || j.path("child").path("pid").asLong() == botPid
                        || !j.path("child").path("state").asText().equals("running")) {
                    return null;
                }
                sup.trackChild(j.path("child").path("pid").asLong());
                JsonNode d = getJson(botPort, "/discord-status");
                return d != null && d.path("status").asText().equals("connected") ? d : null;
            });
            JsonNode after = getJson(keeperPort, "/health");
            assertThat(after.path("upstream_identifies").asInt()).as("no IDENTIFY for a bot restart").isEqualTo(1);
            assertThat(after.path("upstream_connected").asBoolean()).isTrue();
            assertThat(sup.status().path("keeper").path("pid").asLong()).isEqualTo(keeperPid);

            Process stop = sup.launch("stop", "--timeout", "90s");
            assertThat(stop.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(stop.exitValue()).isZero();
            assertThat(sup.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(sup.supervisorLog()).contains("stop: the keeper ends the Discord session");
            for (long pid : List.of(botPid, keeperPid)) {
                assertThat(ItSupport.alive(pid)).isFalse();
                assertThat(ItSupport.groupMembers(pid)).isEmpty();
            }
            JsonNode last = sup.status();
            long newBot = last.path("child").path("pid").isNumber() ? last.path("child").path("pid").asLong() : 0;
            assertThat(last.path("child").path("state").asText()).isEqualTo("stopped");
            assertThat(last.path("keeper").path("state").asText()).isEqualTo("stopped");
            assertThat(newBot).isZero();
        } finally {
            http.close();
        }
    }
}
