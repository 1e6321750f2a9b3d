package io.ultrareliability.keeper.upstream;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.common.token.Token;
import io.ultrareliability.keeper.Jsons;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code GET {base}/gateway/bot}: where the gateway is and how many IDENTIFYs are left. Errors
 * are one line without the token (the token only travels in the Authorization header).
 */
public final class GatewayBotClient {
    /** What Discord answered. */
    public record GatewayBot(URI url, int shards, SessionStartLimit limit) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final HttpClient http;
    private final URI apiBase;
    private final Token token;

    public GatewayBotClient(HttpClient http, URI apiBase, Token token) {
        this.http = requireNonNull(http, "http is null");
        this.apiBase = requireNonNull(apiBase, "apiBase is null");
        this.token = requireNonNull(token, "token is null");
    }

    public GatewayBot fetch() throws IOException, InterruptedException {
        URI uri = URI.create(apiBase.toString().replaceAll("/+$", "") + "/gateway/bot");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Authorization", "Bot " + token.reveal())
                .header("User-Agent", "DiscordBot (https://github.com/ultra-reliability, 0.1) gateway-keeper")
                .GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 401) {
            throw new InvalidTokenException("GET " + uri.getPath() + " answered 401: the token is invalid");
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri.getPath() + " answered HTTP " + response.statusCode());
        }
        JsonNode body = Jsons.read(response.body());
        String url = body.path("url").asText("");
        if (!url.startsWith("ws://") && !url.startsWith("wss://")) {
            throw new IOException("GET " + uri.getPath() + " gave no ws:// or wss:// url");
        }
        JsonNode limit = body.path("session_start_limit");
        SessionStartLimit ssl = new SessionStartLimit(limit.path("total").asInt(1000),
                limit.path("remaining").asInt(1000), Duration.ofMillis(limit.path("reset_after").asLong(0)),
                Math.max(1, limit.path("max_concurrency").asInt(1)));
        return new GatewayBot(URI.create(url), Math.max(1, body.path("shards").asInt(1)), ssl);
    }

    /** 401 from Discord: as fatal as close 4004. */
    public static final class InvalidTokenException extends IOException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        InvalidTokenException(String message) {
            super(message);
        }
    }
}
