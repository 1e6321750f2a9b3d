package io.ultrareliability.supervisor.process;

/**
 * How a child ended. Java reports a death by signal N as exit value 128 + N.
 *
 * @param code the exit value as Java reports it
 * @param signal the signal that killed it, or 0 when it exited by itself
 */
public record ChildExit(int code, int signal) {
    public static ChildExit fromExitValue(int value) {
        return value > 128 && value < 128 + 65 ? new ChildExit(value, value - 128) : new ChildExit(value, 0);
    }

    public boolean bySignal() {
        return signal != 0;
    }

    public String describe() {
        return bySignal() ? "killed by " + Posix.signalName(signal) : "exit code " + code;
    }
}
