package io.ultrareliability.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultrareliability.sim.client.RawGatewayClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** session_start_limit enforced like Discord: counted, reset after the window, exhausting it resets the token. */
class SessionStartLimitIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TOKEN = "limit-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<RawGatewayClient> clients = new ArrayList<>();
    private GatewaySim sim;

    @BeforeEach
    void start() {
        sim = GatewaySim.start(SimConfig.defaults().withTokens(List.of(TOKEN)).withHeartbeatInterval(Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        clients.forEach(RawGatewayClient::close);
        sim.close();
        http.shutdownNow();
    }

    private HttpResponse<String> post(String route) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.controlUrl() + "/" + route))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> gatewayBot() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.restBaseUrl() + "/gateway/bot"))
                .header("Authorization", "Bot " + TOKEN).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private RawGatewayClient identified() throws InterruptedException {
        RawGatewayClient client = RawGatewayClient.connect(http, sim.gatewayUrl());
        clients.add(client);
        client.await(10, null, WAIT);
        client.identify(TOKEN, 1 << 9);
        client.await(0, "READY", WAIT);
        return client;
    }

    @Test
    void switchesOverControlSetTheLimitAndTheWindowAndGatewayBotShowsWhatIsLeft() throws Exception {
        assertThat(post("identify-limit?limit=5").statusCode()).isEqualTo(200);
        assertThat(post("identify-reset?ms=1500").statusCode()).isEqualTo(200);
        assertThat(post("identify-limit?limit=0").statusCode()).isEqualTo(400);
        identified();
        identified();

        JsonNode limit = JSON.readTree(gatewayBot().body()).path("session_start_limit");
        assertThat(limit.path("total").asInt()).isEqualTo(5);
        assertThat(limit.path("remaining").asInt()).isEqualTo(3);
        assertThat(limit.path("reset_after").asLong()).isBetween(1L, 1500L);

        // the window ends 1.5 s after its first IDENTIFY: wait for it, bounded
        long deadline = System.nanoTime() + WAIT.toNanos();
        int remaining;
        do {
            Thread.sleep(100);
            remaining = JSON.readTree(gatewayBot().body()).path("session_start_limit").path("remaining").asInt();
        } while (remaining != 5 && System.nanoTime() < deadline);
        assertThat(remaining).as("remaining after the window reset").isEqualTo(5);
    }

    @Test
    void usingTheLastIdentifyResetsTheTokenEverySessionClosed4004AndRest401() throws Exception {
        post("identify-limit?limit=3");
        RawGatewayClient first = identified();
        RawGatewayClient second = identified();
        assertThat(gatewayBot().statusCode()).isEqualTo(200);

        RawGatewayClient third = RawGatewayClient.connect(http, sim.gatewayUrl());
        clients.add(third);
        third.await(10, null, WAIT);
        third.identify(TOKEN, 1 << 9);

        assertThat(third.awaitClose(WAIT)).isEqualTo(4004);
        assertThat(first.awaitClose(WAIT)).isEqualTo(4004);
        assertThat(second.awaitClose(WAIT)).isEqualTo(4004);
        assertThat(gatewayBot().statusCode()).isEqualTo(401);
        JsonNode budget = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(sim.controlUrl() + "/identify-budget"))
                .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(budget.path("exhausted").asBoolean()).isTrue();

        post("reset");
        assertThat(gatewayBot().statusCode()).isEqualTo(200);
    }
}
