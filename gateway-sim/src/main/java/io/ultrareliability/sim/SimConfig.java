package io.ultrareliability.sim;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;

/**
 * How a {@link GatewaySim} starts: its port (0 = ephemeral), the bot tokens it accepts, the
 * {@code heartbeat_interval} it announces in HELLO, how many guilds each bot is in, and how long
 * a session without a connection stays resumable ({@code resumeWindow}; its dispatches are kept
 * for the RESUME meanwhile).
 */
public record SimConfig(int port, List<String> tokens, Duration heartbeatInterval, int guilds,
                        Duration resumeWindow) {

    /** Discord's own interval today. */
    public static final Duration DISCORD_HEARTBEAT_INTERVAL = Duration.ofMillis(41_250);

    public static final int MAX_GUILDS = 100;

    /** Discord does not publish it; sessions are resumable for a few minutes. */
    public static final Duration DEFAULT_RESUME_WINDOW = Duration.ofMinutes(5);

    public SimConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        requireNonNull(tokens, "tokens is null");
        tokens = List.copyOf(tokens);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("at least one token is needed");
        }
        for (String token : tokens) {
            if (token.isBlank() || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                throw new IllegalArgumentException("tokens must be non-blank printable ASCII without spaces");
            }
        }
        if (new HashSet<>(tokens).size() != tokens.size()) {
            throw new IllegalArgumentException("tokens must be distinct");
        }
        requireNonNull(heartbeatInterval, "heartbeatInterval is null");
        if (heartbeatInterval.toMillis() < 100 || heartbeatInterval.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("heartbeatInterval must be between 100ms and 10m, got " + heartbeatInterval);
        }
        if (guilds < 1 || guilds > MAX_GUILDS) {
            throw new IllegalArgumentException("guilds must be 1.." + MAX_GUILDS + ", got " + guilds);
        }
        requireNonNull(resumeWindow, "resumeWindow is null");
        if (resumeWindow.toMillis() < 100 || resumeWindow.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("resumeWindow must be between 100ms and 24h, got " + resumeWindow);
        }
    }

    /** With Discord's few-minute resume window ({@link #DEFAULT_RESUME_WINDOW}). */
    public SimConfig(int port, List<String> tokens, Duration heartbeatInterval, int guilds) {
        this(port, tokens, heartbeatInterval, guilds, DEFAULT_RESUME_WINDOW);
    }

    /** Port 0, token {@code sim-token}, Discord's 41250 ms heartbeat, one guild. */
    public static SimConfig defaults() {
        return new SimConfig(0, List.of("sim-token"), DISCORD_HEARTBEAT_INTERVAL, 1);
    }

    public SimConfig withPort(int p) {
        return new SimConfig(p, tokens, heartbeatInterval, guilds, resumeWindow);
    }

    public SimConfig withTokens(List<String> t) {
        return new SimConfig(port, t, heartbeatInterval, guilds, resumeWindow);
    }

    public SimConfig withHeartbeatInterval(Duration d) {
        return new SimConfig(port, tokens, d, guilds, resumeWindow);
    }

    public SimConfig withGuilds(int n) {
        return new SimConfig(port, tokens, heartbeatInterval, n, resumeWindow);
    }

    public SimConfig withResumeWindow(Duration w) {
        return new SimConfig(port, tokens, heartbeatInterval, guilds, w);
    }

    /** Never prints the tokens themselves. */
    @Override
    public String toString() {
        return "SimConfig[port=" + port + ", tokens=" + tokens.size() + " (hidden), heartbeatInterval="
                + heartbeatInterval + ", guilds=" + guilds + ", resumeWindow=" + resumeWindow + "]";
    }
}
