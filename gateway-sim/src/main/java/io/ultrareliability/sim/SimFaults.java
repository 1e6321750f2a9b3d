package io.ultrareliability.sim;

import java.time.Duration;

/** Switches that make the simulator misbehave; the same operations as the {@code /_sim/*} routes. */
public interface SimFaults {
    /** Close every gateway connection with this close code (1000-1003, 1007-1014 or 3000-4999). */
    void close(int code);

    /** Cut every gateway TCP connection without a close frame (the client sees 1006). */
    void drop();

    /** Send op 7 RECONNECT on every gateway connection. */
    void reconnect();

    /** Send op 9 INVALID_SESSION with {@code d: resumable} on every identified connection. */
    void invalidate(boolean resumable);

    /** Stop (or resume) answering heartbeats while keeping the sockets open. */
    void zombie(boolean on);

    /** Accept gateway connections but never send HELLO nor answer anything. */
    void silence(boolean on);

    /** Refuse new gateway connections (HTTP 503 on the upgrade) for this long. */
    void refuse(Duration d);

    /** Answer every REST call with 429 for this long. */
    void rateLimit(Duration d);

    /** Make every configured token invalid: 401 on REST, close 4004 on IDENTIFY/RESUME. */
    void revokeTokens();

    /** Dispatch MESSAGE_CREATE from a simulated user in this channel to every session. */
    void injectMessage(String channelId, String content);

    /** Dispatch INTERACTION_CREATE for the slash command with this name to every session. */
    void injectInteraction(String commandName);

    /**
     * Whether IDENTIFY may ask for privileged intents (GUILD_MEMBERS, GUILD_PRESENCES,
     * MESSAGE_CONTENT); when not, it is closed with 4014 like an app without them enabled.
     */
    void privilegedIntents(boolean allowed);

    /** session_start_limit.total; starts a fresh window. */
    void identifyLimit(int limit);

    /** How long after the window's first IDENTIFY the budget resets; starts a fresh window. */
    void identifyReset(Duration window);

    /** Refuse interaction callbacks later than 3 s with 10062, as Discord does (off by default). */
    void interactionDeadline(boolean enforce);

    /** Clear every fault, restore the tokens, forget sessions and zero the counters. */
    void reset();

    /**
     * Zero the per-token figures ({@link SimStats#tokens()}) and start them again now, without
     * touching sessions or faults: e.g. once a bot is up, to measure what a restart costs.
     */
    void resetStats();
}
