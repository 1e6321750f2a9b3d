package io.ultrareliability.supervisor.app;

/** Exit codes of the CLI, shared with the scripts (see README, "Exit codes"). */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    /** {@code status}: the supervisor is not running (LSB convention). */
    public static final int NOT_RUNNING = 3;
    /** {@code run}: another supervisor holds this home's lock. */
    public static final int ALREADY_RUNNING = 4;
    /** sysexits EX_CONFIG: bad configuration. */
    public static final int CONFIG = 78;

    private ExitCodes() {
    }
}
