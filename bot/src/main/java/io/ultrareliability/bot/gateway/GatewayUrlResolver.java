package io.ultrareliability.bot.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Where the gateway is. Against Discord it is the well-known wss URL; against another Discord
 * (a simulator) it is whatever {@code GET {base}/gateway} says, asked before every fresh
 * instance so a restarted simulator on a new port is found again. No token is sent: the
 * endpoint does not need one. With {@code DISCORD_GATEWAY_URL} (a gateway keeper) it is that URL,
 * and REST is not asked.
 */
public final class GatewayUrlResolver {
    public static final String DISCORD_GATEWAY = "wss://gateway.discord.gg/";

    private final Optional<URI> apiBaseUrl;
    private final Optional<URI> gatewayUrl;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Duration timeout;

    /** @param gatewayUrl when present, {@link #resolve()} returns it and never asks REST */
    public GatewayUrlResolver(Optional<URI> apiBaseUrl, Optional<URI> gatewayUrl, Duration timeout) {
        this.apiBaseUrl = requireNonNull(apiBaseUrl, "apiBaseUrl is null");
        this.gatewayUrl = requireNonNull(gatewayUrl, "gatewayUrl is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** @throws IOException with a one-line message when the gateway URL cannot be found */
    public String resolve() throws IOException {
        if (gatewayUrl.isPresent()) {
            return gatewayUrl.get().toString();
        }
        if (apiBaseUrl.isEmpty()) {
            return DISCORD_GATEWAY;
        }
        URI uri = URI.create(apiBaseUrl.get() + "/gateway");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + uri + " for the gateway URL", e);
        } catch (IOException e) {
            // java.net.http often leaves the message empty (ConnectException: null)
            throw new IOException("GET " + uri + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered HTTP " + response.statusCode());
        }
        JsonNode url = json.readTree(response.body()).path("url");
        if (!url.isTextual() || url.asText().isBlank()) {
            throw new IOException("GET " + uri + " gave no gateway url");
        }
        return url.asText();
    }
}
