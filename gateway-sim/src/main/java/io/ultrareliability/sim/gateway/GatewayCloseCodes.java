package io.ultrareliability.sim.gateway;

/** Discord's gateway close codes and which of them end a session for good. */
public final class GatewayCloseCodes {
    public static final int UNKNOWN_ERROR = 4000;
    public static final int UNKNOWN_OPCODE = 4001;
    public static final int DECODE_ERROR = 4002;
    public static final int NOT_AUTHENTICATED = 4003;
    public static final int AUTHENTICATION_FAILED = 4004;
    public static final int ALREADY_AUTHENTICATED = 4005;
    public static final int INVALID_SEQ = 4007;
    public static final int RATE_LIMITED = 4008;
    public static final int SESSION_TIMED_OUT = 4009;
    public static final int INVALID_SHARD = 4010;
    public static final int SHARDING_REQUIRED = 4011;
    public static final int INVALID_API_VERSION = 4012;
    public static final int INVALID_INTENTS = 4013;
    public static final int DISALLOWED_INTENTS = 4014;

    private GatewayCloseCodes() {
    }

    /**
     * True when Discord would not let a client resume after the server closed with this code
     * (the docs say "reconnect and start a new session" or "do not reconnect").
     */
    public static boolean endsSession(int code) {
        return switch (code) {
            case UNKNOWN_OPCODE, NOT_AUTHENTICATED, AUTHENTICATION_FAILED, ALREADY_AUTHENTICATED, INVALID_SEQ,
                    SESSION_TIMED_OUT, INVALID_SHARD, SHARDING_REQUIRED, INVALID_API_VERSION, INVALID_INTENTS,
                    DISALLOWED_INTENTS -> true;
            default -> false;
        };
    }

    /** Codes a server may put in a close frame (RFC 6455 7.4: not 1004-1006, 1015, < 1000). */
    public static void requireSendable(int code) {
        boolean ok = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
        if (!ok) {
            throw new IllegalArgumentException(
                    "close code " + code + " cannot be sent in a close frame (use 1000-1003, 1007-1014 or 3000-4999;"
                            + " for 1006 use drop)");
        }
    }

    public static String reason(int code) {
        return switch (code) {
            case UNKNOWN_ERROR -> "Unknown error.";
            case UNKNOWN_OPCODE -> "Unknown opcode.";
            case DECODE_ERROR -> "Error while decoding payload.";
            case NOT_AUTHENTICATED -> "Not authenticated.";
            case AUTHENTICATION_FAILED -> "Authentication failed.";
            case ALREADY_AUTHENTICATED -> "Already authenticated.";
            case INVALID_SEQ -> "Invalid seq.";
            case RATE_LIMITED -> "Rate limited.";
            case SESSION_TIMED_OUT -> "Session timed out.";
            case INVALID_SHARD -> "Invalid shard.";
            case SHARDING_REQUIRED -> "Sharding required.";
            case INVALID_API_VERSION -> "Invalid API version.";
            case INVALID_INTENTS -> "Invalid intent(s).";
            case DISALLOWED_INTENTS -> "Disallowed intent(s).";
            default -> "closed by gateway-sim";
        };
    }
}
