package io.ultrareliability.sim.gateway;

/** Gateway opcodes (discord-api-docs, topics/opcodes-and-status-codes). */
final class GatewayOps {
    static final int DISPATCH = 0;
    static final int HEARTBEAT = 1;
    static final int IDENTIFY = 2;
    static final int PRESENCE_UPDATE = 3;
    static final int VOICE_STATE_UPDATE = 4;
    static final int RESUME = 6;
    static final int RECONNECT = 7;
    static final int REQUEST_GUILD_MEMBERS = 8;
    static final int INVALID_SESSION = 9;
    static final int HELLO = 10;
    static final int HEARTBEAT_ACK = 11;
    static final int REQUEST_SOUNDBOARD_SOUNDS = 31;

    /** Intents Discord knows today (bits 0-25 minus the unused ones are tolerated). */
    static final long ALL_INTENTS = (1L << 26) - 1;

    static final long GUILD_MESSAGES = 1L << 9;
    static final long MESSAGE_CONTENT = 1L << 15;

    /** GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT. */
    static final long PRIVILEGED_INTENTS = (1L << 1) | (1L << 8) | (1L << 15);

    private GatewayOps() {
    }

    /** Ops a client may send once identified and that the simulator accepts without an answer. */
    static boolean isAcceptedClientOp(int op) {
        return op == PRESENCE_UPDATE || op == VOICE_STATE_UPDATE || op == REQUEST_GUILD_MEMBERS
                || op == REQUEST_SOUNDBOARD_SOUNDS;
    }
}
