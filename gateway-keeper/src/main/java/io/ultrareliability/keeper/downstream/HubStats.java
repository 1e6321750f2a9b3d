package io.ultrareliability.keeper.downstream;

import java.time.Duration;

/** One consistent reading of the hub for /health and /metrics. */
public record HubStats(int connections, int liveSessions, int sessions, int buffered, long bufferedBytes,
        long bufferDropped, Duration oldestBuffered, long unknownTypes, long delivered, long identifies, long resumes,
        long replayed, int guilds) {
}
