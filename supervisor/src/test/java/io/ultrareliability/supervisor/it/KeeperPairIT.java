package io.ultrareliability.supervisor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 17: one supervisor runs two programs, the keeper and the bot (both FakeChild here), each
 * supervised alike. One stack shared by the tests, in order: both start (keeper first, the bot
 * pointed at it), kill -9 of each restarts only that one, {@code restart --keeper}, and last
 * {@code stop} stops both (bot first) and leaves no process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeeperPairIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Path home;

    private SupervisorProcess sup;
    private int keeperPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    void startThePair() throws Exception {
        home = Files.createTempDirectory("keeper-pair-it");
        keeperPort = ItSupport.freePort();
        StringBuilder cmd = new StringBuilder();
        for (String a : ItSupport.fakeChild()) {
            cmd.append("    - \"").append(a).append("\"\n");
        }
        sup = new SupervisorProcess(home, ItSupport.freePort());
        sup.config("""
                keeper:
                  port: %d
                  demo_sim_port: %d
                  command:
                %s  health:
                    interval: 200ms
                    timeout: 1s
                    startup_grace: 15s
                    startup_interval: 20ms
                  memory:
                    interval: 200ms
                  restart:
                    initial_delay: 100ms
                    max_delay: 1s
                  stop:
                    grace: 1s
                """.formatted(keeperPort, ItSupport.freePort(), cmd));
        sup.start();
        awaitKeeper("running", 0);
    }

    @AfterAll
    void cleanUp() {
        http.close();
        if (sup != null) {
            sup.close();
        }
    }

    private JsonNode awaitKeeper(String state, long notPid) {
        return ItSupport.await("keeper " + state + " (not pid " + notPid + ")", WAIT, () -> {
            JsonNode s = sup.status();
            JsonNode k = s == null ? null : s.path("keeper");
            if (k != null && k.path("state").asText().equals(state) && k.path("pid").asLong() != notPid) {
                sup.trackChild(k.path("pid").asLong());
                return s;
            }
            return null;
        });
    }

    private JsonNode awaitBot(long notPid) {
        return ItSupport.await("a running bot (not pid " + notPid + ")", WAIT, () -> {
            JsonNode s = sup.status();
            if (s != null && s.path("child").path("state").asText().equals("running")
                    && s.path("child").path("pid").asLong() != notPid) {
                sup.trackChild(s.path("child").path("pid").asLong());
                return s;
            }
            return null;
        });
    }

    private static String environ(long pid) throws Exception {
        return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"))).replace('\0', '\n');
    }

    private int webPort() {
        String text = ItSupport.await("run/web.port", WAIT, () -> {
            String s = ItSupport.read(home.resolve("run/web.port"));
            return s.contains("port=") ? s : null;
        });
        return text.lines().filter(l -> l.startsWith("port=")).map(l -> Integer.parseInt(l.substring(5)))
                .findFirst().orElseThrow();
    }

    private int cli(String... args) throws Exception {
        Process p = sup.launch(args);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("cli " + List.of(args) + " did not finish within 120 s");
        }
        return p.exitValue();
    }

    @Test
    @Order(1)
    void bothRunKeeperFirstTheBotPointedAtItAndTheStatusFileHasBoth() throws Exception {
        JsonNode s = awaitBot(0);
        JsonNode k = s.path("keeper");
        assertThat(s.path("schema").asInt()).isEqualTo(2);
        assertThat(k.path("program").asText()).isEqualTo("keeper");
        assertThat(k.path("enabled").asBoolean()).isTrue();
        assertThat(k.path("health").path("ok").asBoolean()).isTrue();
        assertThat(k.path("backoff").isObject()).isTrue();
        assertThat(k.path("restart_history").isArray()).isTrue();
        assertThat(s.path("child").path("program").asText()).isEqualTo("bot");
        long keeperPid = k.path("pid").asLong();
        long botPid = s.path("child").path("pid").asLong();
        assertThat(keeperPid).isNotEqualTo(botPid);
        assertThat(Instant.parse(k.path("started_at").asText()))
                .isBeforeOrEqualTo(Instant.parse(s.path("child").path("started_at").asText()));
        // the bot was started only once the keeper ran: the log says why it started
        assertThat(sup.supervisorLog()).contains("starting the bot: the keeper is running");
        assertThat(ItSupport.read(home.resolve("run/keeper.pid"))).startsWith(keeperPid + "\n");
        assertThat(environ(botPid)).contains("DISCORD_GATEWAY_URL=ws://127.0.0.1:" + keeperPort + "/gateway");
        assertThat(environ(keeperPid)).contains("KEEPER_PORT=" + keeperPort).contains("ULTRA_HOME=" + home)
                .doesNotContain("KEEPER_DEMO="); // a keeper.command of one's own is never in demo mode

        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort() + "/metrics"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("ultra_reliability_child_up{program=\"keeper\"} 1.0")
                .contains("ultra_reliability_child_up{program=\"bot\"} 1.0")
                .contains("ultra_reliability_child_pid{program=\"keeper\"} " + (double) keeperPid);
        // /status is the same document
        JsonNode web = ItSupport.JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + webPort() + "/status")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(web.path("keeper").path("program").asText()).isEqualTo("keeper");
    }

    @Test
    @Order(2)
    void killingTheKeeperRestartsOnlyTheKeeper() throws Exception {
        JsonNode before = awaitBot(0);
        long keeperPid = before.path("keeper").path("pid").asLong();
        long botPid = before.path("child").path("pid").asLong();
        int botRestarts = before.path("child").path("restarts").asInt();
        ItSupport.signal(keeperPid, "KILL");
        JsonNode after = awaitKeeper("running", keeperPid);
        JsonNode rec = after.path("keeper").path("restart_history").get(0);
        assertThat(rec.path("program").asText()).isEqualTo("keeper");
        assertThat(rec.path("reason").asText()).isEqualTo("crash");
        assertThat(rec.path("signal").asText()).isEqualTo("SIGKILL");
        assertThat(rec.path("pid").asLong()).isEqualTo(keeperPid);
        assertThat(after.path("child").path("pid").asLong()).isEqualTo(botPid);
        assertThat(after.path("child").path("restarts").asInt()).isEqualTo(botRestarts);
        assertThat(ItSupport.alive(botPid)).isTrue();
        assertThat(sup.autoRestartLog()).contains("program=keeper reason=crash exit_code=- signal=SIGKILL")
                .contains("pid=" + keeperPid);
    }

    @Test
    @Order(3)
    void killingTheBotRestartsOnlyTheBot() throws Exception {
        JsonNode before = awaitBot(0);
        long keeperPid = awaitKeeper("running", 0).path("keeper").path("pid").asLong();
        long botPid = before.path("child").path("pid").asLong();
        int keeperRestarts = before.path("keeper").path("restarts").asInt();
        ItSupport.signal(botPid, "KILL");
        JsonNode after = awaitBot(botPid);
        assertThat(after.path("restart_history").get(0).path("program").asText()).isEqualTo("bot");
        assertThat(after.path("keeper").path("pid").asLong()).isEqualTo(keeperPid);
        assertThat(after.path("keeper").path("restarts").asInt()).isEqualTo(keeperRestarts);
        assertThat(sup.autoRestartLog()).contains("program=bot reason=crash exit_code=- signal=SIGKILL");
    }

    @Test
    @Order(4)
    void restartKeeperRestartsTheKeeperAndRestartTheBot() throws Exception {
        JsonNode before = awaitKeeper("running", 0);
        long keeperPid = before.path("keeper").path("pid").asLong();
        long botPid = awaitBot(0).path("child").path("pid").asLong();
        assertThat(cli("restart", "--keeper", "--timeout", "60s")).as(ItSupport.read(home.resolve("cli.err"))).isZero();
        JsonNode after = awaitKeeper("running", keeperPid);
        assertThat(after.path("keeper").path("restart_history").get(0).path("reason").asText()).isEqualTo("manual");
        assertThat(after.path("child").path("pid").asLong()).isEqualTo(botPid);
        assertThat(ItSupport.read(home.resolve("cli.out"))).contains("restarted: keeper pid "
                + after.path("keeper").path("pid").asLong());

        assertThat(cli("restart", "--timeout", "60s")).isZero();
        JsonNode bot = awaitBot(botPid);
        assertThat(bot.path("keeper").path("pid").asLong()).isEqualTo(after.path("keeper").path("pid").asLong());
    }

    @Test
    @Order(5)
    void stopStopsTheBotThenTheKeeperAsksTheKeeperToEndTheSessionAndLeavesNoProcess() throws Exception {
        JsonNode s = awaitBot(0);
        long botPid = s.path("child").path("pid").asLong();
        long keeperPid = awaitKeeper("running", 0).path("keeper").path("pid").asLong();
        assertThat(cli("stop", "--timeout", "60s")).isZero();
        assertThat(sup.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ItSupport.alive(botPid)).isFalse();
        assertThat(ItSupport.alive(keeperPid)).isFalse();
        assertThat(ItSupport.groupMembers(botPid)).isEmpty();
        assertThat(ItSupport.groupMembers(keeperPid)).isEmpty();
        String log = sup.supervisorLog();
        // bot first, then the keeper; the FakeChild keeper has no admin secret: the attempt is logged
        assertThat(log.indexOf("child " + botPid + " stopped")).isPositive()
                .isLessThan(log.indexOf("child " + keeperPid + " stopped"));
        assertThat(log).contains("keeper-admin.secret");
        assertThat(home.resolve("run/stop-ends-session")).doesNotExist();
        assertThat(home.resolve("run/keeper.pid")).doesNotExist();
        JsonNode last = sup.status();
        assertThat(last.path("keeper").path("state").asText()).isEqualTo("stopped");
        assertThat(last.path("supervisor").path("state").asText()).isEqualTo("stopped");
    }
}
