package io.ultrareliability.bot.runtime;

import io.ultrareliability.bot.health.HealthState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Seed 002's monitoring task: every interval one log line with the state of the connection and
 * what changed since the previous line.
 */
public final class ConnectionSummary implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSummary.class);

    private final HealthState health;
    private HealthState.Snapshot previous;

    public ConnectionSummary(HealthState health) {
        this.health = requireNonNull(health, "health is null");
    }

    @Override
    public void run() {
        try {
            HealthState.Snapshot s = health.snapshot(true);
            String line = line(s, previous);
            previous = s;
            LOG.info(line);
        } catch (RuntimeException e) {
            LOG.warn("Connection summary failed", e);
        }
    }

    static String line(HealthState.Snapshot s, HealthState.Snapshot before) {
        long disconnects = s.disconnects() - (before == null ? 0 : before.disconnects());
        long resumes = s.resumes() - (before == null ? 0 : before.resumes());
        long sessions = s.newSessions() - (before == null ? 0 : before.newSessions());
        long fresh = s.freshInstances() - (before == null ? 0 : before.freshInstances());
        long errors = s.totalErrors() - (before == null ? 0 : before.totalErrors());
        return "Connection summary: status " + s.state().label()
                + ", connected for " + s.uptimeSeconds() + "s"
                + ", process up " + s.processUptimeSeconds() + "s"
                + ", latency " + (s.gatewayPingMillis() < 0 ? "n/a" : s.gatewayPingMillis() + " ms")
                + ", guilds " + s.guilds()
                + "; since last summary: disconnects " + disconnects + ", resumes " + resumes
                + ", new sessions " + sessions + ", fresh instances " + fresh + ", errors " + errors;
    }
}
