package io.ultrareliability.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultrareliability.sim.client.RawGatewayClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** REST and the /_sim control routes over real HTTP on 127.0.0.1. */
class RestAndControlIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "rest-token";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private GatewaySim sim;

    @BeforeEach
    void start() {
        sim = GatewaySim.start(SimConfig.defaults().withTokens(List.of(TOKEN)).withHeartbeatInterval(Duration.ofSeconds(1)));
    }

    @AfterEach
    void stop() {
        sim.close();
        http.shutdownNow(); // close() would wait, unbounded, for every WebSocket to finish
    }

    private HttpResponse<String> call(String method, String url, String token, String body) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bot " + token);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> api(String method, String route, String token, String body) throws Exception {
        return call(method, sim.restBaseUrl() + "/" + route, token, body);
    }

    private HttpResponse<String> control(String route, String body) throws Exception {
        return call("POST", sim.controlUrl() + "/" + route, null, body);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Test
    void usersMeNeedsAnAcceptedToken() throws Exception {
        HttpResponse<String> ok = api("GET", "users/@me", TOKEN, null);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok).path("id").asText()).isEqualTo(sim.botUserId(0));
        assertThat(json(ok).path("username").asText()).isEqualTo("sim-bot");
        assertThat(ok.headers().firstValue("X-RateLimit-Bucket")).isPresent();

        HttpResponse<String> wrong = api("GET", "users/@me", "nope", null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).path("message").asText()).isEqualTo("401: Unauthorized");
        assertThat(json(wrong).path("code").asInt()).isZero();
        assertThat(api("GET", "users/@me", null, null).statusCode()).isEqualTo(401);

        assertThat(control("tokens/revoke", null).statusCode()).isEqualTo(200);
        assertThat(api("GET", "users/@me", TOKEN, null).statusCode()).isEqualTo(401);
        control("reset", null);
        assertThat(api("GET", "users/@me", TOKEN, null).statusCode()).isEqualTo(200);
    }

    @Test
    void gatewayRoutesPointAtTheSimulator() throws Exception {
        JsonNode gateway = json(api("GET", "gateway", null, null));
        assertThat(gateway.path("url").asText()).isEqualTo(sim.gatewayUrl().toString());
        JsonNode bot = json(api("GET", "gateway/bot", TOKEN, null));
        assertThat(bot.path("url").asText()).isEqualTo(sim.gatewayUrl().toString());
        assertThat(bot.path("shards").asInt()).isEqualTo(1);
        assertThat(bot.path("session_start_limit").path("max_concurrency").asInt()).isEqualTo(1);
        assertThat(api("GET", "gateway/bot", "nope", null).statusCode()).isEqualTo(401);
        JsonNode app = json(api("GET", "oauth2/applications/@me", TOKEN, null));
        assertThat(app.path("id").asText()).isEqualTo(sim.botUserId(0));
    }

    @Test
    void unknownRoutesGetDiscords404Shape() throws Exception {
        for (String url : List.of(sim.restBaseUrl() + "/nope/nothing", "http://127.0.0.1:" + sim.port() + "/elsewhere")) {
            HttpResponse<String> response = call("GET", url, TOKEN, null);
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            assertThat(json(response).path("message").asText()).isEqualTo("404: Not Found");
            assertThat(json(response).path("code").asInt()).isZero();
        }
        HttpResponse<String> channel = api("POST", "channels/123/messages", TOKEN, "{\"content\":\"x\"}");
        assertThat(channel.statusCode()).isEqualTo(404);
        assertThat(json(channel).path("code").asInt()).isEqualTo(10003);
        HttpResponse<String> interaction = api("POST", "interactions/1/nope/callback", null, "{\"type\":4}");
        assertThat(json(interaction).path("code").asInt()).isEqualTo(10062);
    }

    @Test
    void rateLimitFaultAnswers429AsDiscordDoes() throws Exception {
        assertThat(control("ratelimit?seconds=5", null).statusCode()).isEqualTo(200);
        HttpResponse<String> limited = api("GET", "users/@me", TOKEN, null);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(v -> {
            assertThat(v).matches("[0-9]+");
            assertThat(Long.parseLong(v)).isBetween(1L, 5L);
        });
        assertThat(limited.headers().firstValue("Via")).hasValue("1.1 google");
        assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        assertThat(limited.headers().firstValue("X-RateLimit-Reset-After")).hasValueSatisfying(v -> assertThat(v).matches("[0-9]+\\.[0-9]{3}"));
        JsonNode body = json(limited);
        assertThat(body.path("message").asText()).isEqualTo("You are being rate limited.");
        assertThat(body.path("retry_after").asDouble()).isBetween(0.0, 5.0);
        assertThat(body.path("global").asBoolean(true)).isFalse();
        control("ratelimit?seconds=0", null);
        assertThat(api("GET", "users/@me", TOKEN, null).statusCode()).isEqualTo(200);
    }

    @Test
    void channelMessagesAreRecordedInStats() throws Exception {
        HttpResponse<String> posted = api("POST", "channels/" + sim.firstTextChannelId() + "/messages", TOKEN,
                "{\"content\":\"hello\"}");
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(json(posted).path("author").path("id").asText()).isEqualTo(sim.botUserId(0));
        assertThat(json(posted).path("channel_id").asText()).isEqualTo(sim.firstTextChannelId());
        assertThat(api("POST", "channels/" + sim.firstTextChannelId() + "/messages", TOKEN, "{}").statusCode())
                .isEqualTo(400);
        assertThat(api("POST", "channels/" + sim.firstTextChannelId() + "/messages", TOKEN,
                "{\"content\":\"" + "x".repeat(2001) + "\"}").statusCode()).isEqualTo(400);

        JsonNode stats = json(call("GET", sim.controlUrl() + "/stats", null, null));
        assertThat(stats.fieldNames()).toIterable().containsExactlyInAnyOrder("connections_open", "sessions_open",
                "sessions_open_by_token", "identifies", "resumes", "heartbeats", "messages_posted",
                "interaction_replies", "interactions", "last_messages", "since", "tokens");
        assertThat(stats.path("messages_posted").asLong()).isEqualTo(1);
        assertThat(stats.path("last_messages").get(0).path("content").asText()).isEqualTo("hello");
        assertThat(stats.path("last_messages").get(0).path("channel_id").asText()).isEqualTo(sim.firstTextChannelId());
        assertThat(stats.toString()).doesNotContain(TOKEN);
    }

    @Test
    void controlRoutesDriveTheGatewayAndRejectBadInput() throws Exception {
        RawGatewayClient client = RawGatewayClient.connect(http, sim.gatewayUrl());
        try {
            client.await(10, null, Duration.ofSeconds(5));
            client.identify(TOKEN, 1 << 9 | 1 << 15);
            client.await(0, "GUILD_CREATE", Duration.ofSeconds(5));
            HttpResponse<String> injected = control("messages",
                    "{\"channel_id\":\"" + sim.firstTextChannelId() + "\",\"content\":\"hi\"}");
            assertThat(injected.statusCode()).isEqualTo(200);
            assertThat(client.await(0, "MESSAGE_CREATE", Duration.ofSeconds(5)).path("d").path("content").asText())
                    .isEqualTo("hi");
            assertThat(control("interactions", "{\"name\":\"ping\"}").statusCode()).isEqualTo(200);
            JsonNode interaction = client.await(0, "INTERACTION_CREATE", Duration.ofSeconds(5)).path("d");
            assertThat(interaction.path("type").asInt()).isEqualTo(2);
            assertThat(interaction.path("data").path("name").asText()).isEqualTo("ping");
            JsonNode stats = json(call("GET", sim.controlUrl() + "/stats", null, null));
            assertThat(stats.path("sessions_open").asInt()).isEqualTo(1);
            assertThat(stats.path("connections_open").asInt()).isEqualTo(1);

            assertThat(control("close?code=1006", null).statusCode()).isEqualTo(400);
            assertThat(control("close?code=abc", null).statusCode()).isEqualTo(400);
            assertThat(control("zombie?on=maybe", null).statusCode()).isEqualTo(400);
            assertThat(control("messages", "{\"channel_id\":\"1\",\"content\":\"x\"}").statusCode()).isEqualTo(400);
            assertThat(control("messages", "not json").statusCode()).isEqualTo(400);
            assertThat(control("nothing", null).statusCode()).isEqualTo(404);
            assertThat(control("privileged-intents?allowed=no", null).statusCode()).isEqualTo(400);
            assertThat(control("privileged-intents?allowed=false", null).statusCode()).isEqualTo(200);
            RawGatewayClient refused = RawGatewayClient.connect(http, sim.gatewayUrl());
            try {
                refused.identify(TOKEN, 1 << 15);
                assertThat(refused.awaitClose(Duration.ofSeconds(5))).isEqualTo(4014);
            } finally {
                refused.close();
            }
            control("privileged-intents?allowed=true", null);
            assertThat(control("interaction-deadline?enforce=true", null).statusCode()).isEqualTo(200);
            assertThat(control("interaction-deadline?enforce=maybe", null).statusCode()).isEqualTo(400);
            assertThat(control("interaction-deadline?enforce=false", null).statusCode()).isEqualTo(200);
            assertThat(call("GET", sim.controlUrl() + "/drop", null, null).statusCode()).isEqualTo(405);

            assertThat(control("close?code=4000", null).statusCode()).isEqualTo(200);
            assertThat(client.awaitClose(Duration.ofSeconds(5))).isEqualTo(4000);
        } finally {
            client.close();
        }
    }

    @Test
    void aTakenPortIsAClearErrorAndClosingFreesThePort() throws Exception {
        int port = sim.port();
        assertThatThrownBy(() -> GatewaySim.start(SimConfig.defaults().withPort(port)))
                .isInstanceOf(SimStartException.class)
                .hasMessage("cannot listen on 127.0.0.1:" + port + ": the port is already in use");
        sim.close();
        try (ServerSocket again = new ServerSocket()) {
            again.setReuseAddress(false);
            again.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            assertThat(again.isBound()).isTrue();
        }
    }
}
