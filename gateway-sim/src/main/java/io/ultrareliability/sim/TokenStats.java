package io.ultrareliability.sim;

import java.time.Duration;

/**
 * Discord-level figures for one bot token since the simulator started or its stats were reset
 * (what Discord, not the bot, would see of a restart or a keeper): how many sessions it
 * started and resumed, how many are connected now and at most at once, how many ended (closed
 * for good, or not resumed within the resume window), and how long no session was connected.
 *
 * @param sessionsConnected sessions with an open, identified connection right now
 * @param maxSessionsConnected the most such sessions at once
 * @param sessionsEnded sessions that can no longer be resumed (closed with 1000/1001 by the client,
 *                      a session-ending close or op 9 from the server, or left unresumed past the window)
 * @param offline total time with no connected session, the current stretch included
 * @param offlinePeriods times the token went from connected to no connected session
 */
public record TokenStats(long identifies, long resumes, int sessionsConnected, int maxSessionsConnected,
                         long sessionsEnded, Duration offline, long offlinePeriods) {
    public TokenStats {
        java.util.Objects.requireNonNull(offline, "offline is null");
    }

    public boolean online() {
        return sessionsConnected > 0;
    }
}
