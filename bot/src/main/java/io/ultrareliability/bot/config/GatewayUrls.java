package io.ultrareliability.bot.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Validates {@code DISCORD_GATEWAY_URL}. The URL is shown in {@code /discord-status} and logs, so
 * it may carry no credentials (no user info); JDA appends its own query ({@code ?encoding=json&v=10}),
 * so it may carry no query or fragment either.
 */
public final class GatewayUrls {
    static final String NAME = "DISCORD_GATEWAY_URL";

    private GatewayUrls() {
    }

    /** @return empty when unset or blank; @throws ConfigException with a one-line reason */
    public static Optional<URI> parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String s = raw.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("ws://") && !lower.startsWith("wss://")) {
            throw new ConfigException(NAME + " must start with ws:// or wss://, got '" + shown(s) + "'");
        }
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new ConfigException(NAME + " is not a valid URL: '" + shown(s) + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw new ConfigException(NAME + " must not contain user info (credentials)");
        }
        if (uri.getHost() == null) {
            throw new ConfigException(NAME + " has no host: '" + shown(s) + "'");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new ConfigException(NAME + " must not have a query or fragment (the client adds its own): '"
                    + shown(s) + "'");
        }
        return Optional.of(uri);
    }

    /** A bad value is echoed, but never what could be a password or a secret query. */
    private static String shown(String s) {
        String cut = s;
        int at = cut.lastIndexOf('@');
        if (at >= 0) {
            int scheme = cut.indexOf("://");
            cut = cut.substring(0, scheme < 0 ? 0 : scheme + 3) + "***" + cut.substring(at);
        }
        int q = cut.indexOf('?');
        if (q >= 0) {
            cut = cut.substring(0, q) + "?***";
        }
        int h = cut.indexOf('#');
        if (h >= 0) {
            cut = cut.substring(0, h) + "#***";
        }
        if (cut.length() > 200) {
            cut = cut.substring(0, 200) + "...";
        }
        return cut;
    }
}
