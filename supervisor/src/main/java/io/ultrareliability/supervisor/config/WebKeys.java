package io.ultrareliability.supervisor.config;

import io.ultrareliability.common.Durations;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Reads and checks the {@code web.*} keys. Apart from {@link ConfigLoader} so the web server's
 * settings stay in one place; a bad value adds a problem line and yields the default.
 */
final class WebKeys {
    private static final SupervisorConfig.Web D = SupervisorConfig.Web.DEFAULTS;

    private WebKeys() {
    }

    /**
     * @param text the merged value of a key (defaults, file, env, flags), trimmed
     * @param where where that value came from, for the problem line
     */
    static SupervisorConfig.Web parse(UnaryOperator<String> text, UnaryOperator<String> where, List<String> problems) {
        boolean enabled = bool("web.enabled", text, where, problems, D.enabled());
        boolean allowRemote = bool("web.allow_remote", text, where, problems, D.allowRemote());
        String host = text.apply("web.host");
        if (host.isEmpty()) {
            problems.add(where.apply("web.host") + ": must name an address, e.g. 127.0.0.1");
            host = D.host();
        } else if (enabled && !allowRemote && literalNonLoopback(host)) {
            problems.add(where.apply("web.host") + ": " + host + " is not a loopback address; the control API"
                    + " would be reachable from other machines. Set web.allow_remote: true to allow it");
        }
        int port = D.port();
        try {
            port = Integer.parseInt(text.apply("web.port"));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            problems.add(where.apply("web.port") + ": expected a port 0..65535 (0: any free port), got '"
                    + text.apply("web.port") + "'");
            port = D.port();
        }
        Duration interval = D.historyInterval();
        try {
            Duration d = Durations.parse(text.apply("web.history_interval"));
            if (d.compareTo(Duration.ofMillis(100)) < 0) {
                problems.add(where.apply("web.history_interval") + ": must be at least 100ms");
            } else {
                interval = d;
            }
        } catch (IllegalArgumentException e) {
            problems.add(where.apply("web.history_interval") + ": " + e.getMessage());
        }
        int size = D.historySize();
        try {
            int n = Integer.parseInt(text.apply("web.history_size"));
            if (n < 1 || n > 100_000) {
                throw new NumberFormatException();
            }
            size = n;
        } catch (NumberFormatException e) {
            problems.add(where.apply("web.history_size") + ": expected a whole number 1..100000, got '"
                    + text.apply("web.history_size") + "'");
        }
        return new SupervisorConfig.Web(enabled, host, port, allowRemote, interval, size);
    }

    private static boolean bool(String key, UnaryOperator<String> text, UnaryOperator<String> where,
            List<String> problems, boolean fallback) {
        String t = text.apply(key).toLowerCase(Locale.ROOT);
        return switch (t) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> {
                problems.add(where.apply(key) + ": expected true or false, got '" + text.apply(key) + "'");
                yield fallback;
            }
        };
    }

    /** An IP literal (no DNS lookup here) that is not loopback; names are checked when binding. */
    private static boolean literalNonLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false;
        }
        try {
            return !InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
