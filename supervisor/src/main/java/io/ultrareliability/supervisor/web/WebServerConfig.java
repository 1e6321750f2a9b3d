package io.ultrareliability.supervisor.web;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Settings of the supervisor's web server.
 *
 * @param host address to listen on; a non-loopback one needs {@code allowRemote}
 * @param port TCP port; 0 picks a free one (see {@link SupervisorWebServer#port()})
 * @param allowRemote explicit consent to listen on an address other machines can reach
 * @param historyInterval how often {@code /api/history} takes a sample of the status
 * @param historySize how many samples it keeps (the oldest go first)
 */
public record WebServerConfig(String host, int port, boolean allowRemote, Duration historyInterval, int historySize) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The bot's own health endpoint defaults to 8790; the supervisor sits next to it. */
    public static final int DEFAULT_PORT = 8791;
    public static final Duration DEFAULT_HISTORY_INTERVAL = Duration.ofSeconds(5);
    /** One hour at the default interval. */
    public static final int DEFAULT_HISTORY_SIZE = 720;

    public WebServerConfig {
        requireNonNull(host, "host is null");
        requireNonNull(historyInterval, "historyInterval is null");
        if (host.isBlank()) {
            throw new IllegalArgumentException("web host is blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("web port must be 0..65535, got " + port);
        }
        if (historyInterval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("web history interval must be at least 100ms, got " + historyInterval);
        }
        if (historySize < 1 || historySize > 100_000) {
            throw new IllegalArgumentException("web history size must be 1..100000, got " + historySize);
        }
    }

    public static WebServerConfig defaults() {
        return new WebServerConfig(DEFAULT_HOST, DEFAULT_PORT, false, DEFAULT_HISTORY_INTERVAL, DEFAULT_HISTORY_SIZE);
    }

    public WebServerConfig withHost(String newHost) {
        return new WebServerConfig(newHost, port, allowRemote, historyInterval, historySize);
    }

    public WebServerConfig withPort(int newPort) {
        return new WebServerConfig(host, newPort, allowRemote, historyInterval, historySize);
    }

    public WebServerConfig withAllowRemote(boolean allow) {
        return new WebServerConfig(host, port, allow, historyInterval, historySize);
    }

    public WebServerConfig withHistory(Duration interval, int size) {
        return new WebServerConfig(host, port, allowRemote, interval, size);
    }
}
