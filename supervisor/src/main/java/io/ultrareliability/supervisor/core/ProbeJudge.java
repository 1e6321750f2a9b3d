package io.ultrareliability.supervisor.core;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.common.ByteSizes;
import io.ultrareliability.common.Durations;
import io.ultrareliability.supervisor.config.SupervisorConfig;
import io.ultrareliability.supervisor.probe.HealthResult;
import io.ultrareliability.supervisor.status.RestartReason;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns probe results into verdicts, counting consecutive failures on the child's run
 * against each probe's threshold. No clock inside: {@code now} is passed in.
 */
final class ProbeJudge {
    enum Kind {
        /** A good answer. */
        HEALTHY,
        /** A bad answer, under the threshold. */
        FAILING,
        /** The threshold is reached: restart with {@code reason}. */
        RESTART,
        /** Does not count (a failure during the startup grace). */
        IGNORED
    }

    record Verdict(Kind kind, RestartReason reason, String detail) {
        static final Verdict HEALTHY = new Verdict(Kind.HEALTHY, null, null);
        static final Verdict FAILING = new Verdict(Kind.FAILING, null, null);
        static final Verdict IGNORED = new Verdict(Kind.IGNORED, null, null);

        static Verdict restart(RestartReason reason, String detail) {
            return new Verdict(Kind.RESTART, requireNonNull(reason, "reason is null"), detail);
        }
    }

    private final SupervisorConfig config;

    ProbeJudge(SupervisorConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    /** @param starting during the startup grace, where only the first good answer counts */
    Verdict health(ChildRun r, HealthResult res, Instant now, boolean starting) {
        Duration staleAge = staleAge(res, now);
        if (starting) {
            return res.ok() && staleAge == null ? Verdict.HEALTHY : Verdict.IGNORED;
        }
        if (res.aliveButNotReady()) {
            return notReady(r, now, res);
        }
        if (!res.ok()) {
            r.healthFailures++;
            r.staleFailures = 0;
            if (r.healthFailures >= config.health().failureThreshold()) {
                return Verdict.restart(RestartReason.UNHEALTHY,
                        "health check failed " + r.healthFailures + " times in a row: " + res.error());
            }
            return Verdict.FAILING;
        }
        r.notReadySince = null;
        if (staleAge != null) {
            r.staleFailures++;
            r.healthFailures = 0;
            if (r.staleFailures >= config.heartbeat().failureThreshold()) {
                return Verdict.restart(RestartReason.STALE_HEARTBEAT, "last_heartbeat_ack " + res.lastHeartbeatAck()
                        + " is " + Durations.format(staleAge) + " old (limit "
                        + Durations.format(config.heartbeat().maxAge()) + ")");
            }
            return Verdict.FAILING;
        }
        r.healthFailures = 0;
        r.staleFailures = 0;
        return Verdict.HEALTHY;
    }

    /**
     * A 503 proves the child alive: it clears the liveness failures in a row and never
     * counts toward {@code health.failure_threshold}. Only a child not ready for longer
     * than {@code health.not_ready_timeout} (measured from the first 503 after the last 2xx)
     * is restarted.
     */
    private Verdict notReady(ChildRun r, Instant now, HealthResult res) {
        r.healthFailures = 0;
        r.staleFailures = 0;
        if (res.waitingForIdentifyBudget()) {
            // issue 13: the child waits for Discord to reset its IDENTIFY budget; a restart would
            // not help (its ledger survives it), so this wait never counts toward not_ready_timeout
            r.notReadySince = null;
            return Verdict.FAILING;
        }
        if (r.notReadySince == null) {
            r.notReadySince = now;
        }
        Duration limit = config.health().notReadyTimeout();
        if (config.health().notReadyTimeoutEnabled() && Duration.between(r.notReadySince, now).compareTo(limit) >= 0) {
            return Verdict.restart(RestartReason.UNHEALTHY, "not ready for " + Durations.format(limit)
                    + " (HTTP 503 since " + r.notReadySince + ")");
        }
        return Verdict.FAILING;
    }

    /** @param rss the tree's RSS in bytes, -1 when unknown (never counts as over) */
    Verdict memory(ChildRun r, long rss) {
        r.rssBytes = rss;
        long limit = config.memory().maxRssBytes();
        if (limit > 0 && rss > limit) {
            r.memoryOverSamples++;
            if (r.memoryOverSamples >= config.memory().samples()) {
                return Verdict.restart(RestartReason.MEMORY, "RSS " + ByteSizes.format(rss) + " over the limit "
                        + ByteSizes.format(limit) + " in " + r.memoryOverSamples + " samples");
            }
            return Verdict.FAILING;
        }
        r.memoryOverSamples = 0;
        return Verdict.HEALTHY;
    }

    /** How old the reported heartbeat ack is when over the limit, else null. */
    private Duration staleAge(HealthResult res, Instant now) {
        if (!config.heartbeat().enabled() || res.lastHeartbeatAck() == null) {
            return null;
        }
        Duration age = Duration.between(res.lastHeartbeatAck(), now);
        return age.compareTo(config.heartbeat().maxAge()) > 0 ? age : null;
    }
}
