package io.ultrareliability.keeper.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrareliability.sim.GatewaySim;
import io.ultrareliability.sim.SimConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar's contract for bad input: one line, an exit code, no stack trace, never the token. */
class KeeperCliIT {
    @TempDir
    Path home;

    @Test
    void noTokenIsOneLineAndExit78() throws Exception {
        try (Proc p = Proc.start(KeeperStack.KEEPER_JAR, Map.of("ULTRA_HOME", home.toString()), home)) {
            assertThat(p.exitCode(Duration.ofSeconds(30))).contains(78);
            assertThat(p.output().strip()).isEqualTo("gateway-keeper: no Discord token: set DISCORD_TOKEN, "
                    + "DISCORD_TOKEN_FILE or $CREDENTIALS_DIRECTORY/discord_token");
        }
    }

    @Test
    void aBadSettingNamesTheVariable() throws Exception {
        try (Proc p = Proc.start(KeeperStack.KEEPER_JAR, Map.of("DISCORD_TOKEN", "some-secret-value",
                "KEEPER_BUFFER_MAX_EVENTS", "0", "ULTRA_HOME", home.toString()), home)) {
            assertThat(p.exitCode(Duration.ofSeconds(30))).contains(78);
            assertThat(p.output().strip()).isEqualTo("gateway-keeper: KEEPER_BUFFER_MAX_EVENTS must be 1..10000000, got 0");
        }
    }

    @Test
    void aTokenDiscordRejectsIsExit78WithoutTheToken() throws Exception {
        try (GatewaySim sim = GatewaySim.start(SimConfig.defaults().withTokens(List.of("the-right-token")));
                Proc p = Proc.start(KeeperStack.KEEPER_JAR, Map.of("DISCORD_TOKEN", "a-wrong-token-123",
                        "DISCORD_API_BASE_URL", sim.restBaseUrl().toString(), "KEEPER_PORT", "0",
                        "ULTRA_HOME", home.toString()), home)) {
            assertThat(p.exitCode(Duration.ofSeconds(60))).contains(78);
            assertThat(p.output().strip()).isEqualTo("gateway-keeper: GET /api/v10/gateway/bot answered 401: "
                    + "the token is invalid");
            assertThat(p.output()).doesNotContain("a-wrong-token-123").doesNotContain("\tat ");
        }
    }

    @Test
    void aBadDemoSettingIsOneLineAndExit78() throws Exception {
        try (Proc p = Proc.start(KeeperStack.KEEPER_JAR, Map.of("KEEPER_DEMO", "maybe", "ULTRA_HOME",
                home.toString()), home)) {
            assertThat(p.exitCode(Duration.ofSeconds(30))).contains(78);
            assertThat(p.output().strip()).isEqualTo("gateway-keeper: KEEPER_DEMO must be true or false, got 'maybe'");
        }
    }

    /** issue 17: no token, KEEPER_DEMO: the keeper runs the simulator itself and its session goes live. */
    @Test
    void demoModeHoldsASessionWithItsOwnSimulator() throws Exception {
        try (Proc p = Proc.start(KeeperStack.KEEPER_JAR, Map.of("KEEPER_DEMO", "true", "KEEPER_PORT", "0",
                "KEEPER_DEMO_SIM_PORT", "0", "KEEPER_DB", "none", "ULTRA_HOME", home.toString()), home)) {
            p.awaitMatch(java.util.regex.Pattern.compile("(DEMO MODE)"), Duration.ofSeconds(60));
            p.awaitMatch(java.util.regex.Pattern.compile("(session live)"), Duration.ofSeconds(90));
            java.nio.file.Path portFile = home.resolve("run/keeper.port");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!java.nio.file.Files.exists(portFile) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            int port = Integer.parseInt(java.nio.file.Files.readString(portFile).strip());
            try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
                java.net.http.HttpResponse<String> health = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(10))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
                assertThat(health.body()).contains("\"upstream_identifies\":1");
            }
        }
    }
}
