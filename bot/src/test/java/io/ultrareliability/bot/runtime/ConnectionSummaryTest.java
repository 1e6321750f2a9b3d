package io.ultrareliability.bot.runtime;

import io.ultrareliability.bot.connection.ConnectionState;
import io.ultrareliability.bot.health.EventCounts;
import io.ultrareliability.bot.health.HealthState;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionSummaryTest {
    private static HealthState.Snapshot snapshot(long disconnects, long resumes, long sessions, long fresh,
                                                 long errors) {
        return new HealthState.Snapshot(Instant.EPOCH, ConnectionState.CONNECTED, 2, 0, fresh, 300, 305, 0, errors,
                null, null, null, 1, 2, 41, true, resumes, sessions, disconnects, 4000, "",
                new HealthState.Gateway(HealthState.GATEWAY_DIRECT, null), EventCounts.Counts.NONE, null, false);
    }

    @Test
    void firstLineCountsEverything() {
        assertThat(ConnectionSummary.line(snapshot(3, 2, 1, 1, 4), null)).isEqualTo(
                "Connection summary: status connected, connected for 300s, process up 305s, latency 41 ms, guilds 1; "
                        + "since last summary: disconnects 3, resumes 2, new sessions 1, fresh instances 1, errors 4");
    }

    @Test
    void laterLinesCountOnlyWhatChanged() {
        assertThat(ConnectionSummary.line(snapshot(5, 3, 1, 2, 4), snapshot(3, 2, 1, 1, 4)))
                .endsWith("since last summary: disconnects 2, resumes 1, new sessions 0, fresh instances 1, errors 0");
    }
}
