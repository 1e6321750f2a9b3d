package io.ultrareliability.supervisor.lock;

/** Another supervisor holds the lock of this home. */
public final class AlreadyRunningException extends Exception {
    private final long pid;

    public AlreadyRunningException(long pid) {
        super("already running (pid " + (pid > 0 ? Long.toString(pid) : "unknown") + ")");
        this.pid = pid;
    }

    public AlreadyRunningException(long pid, String why) {
        super("already running (pid " + pid + "): " + why);
        this.pid = pid;
    }

    /** The other supervisor's PID, 0 when it has not written its PID file yet. */
    public long pid() {
        return pid;
    }
}
