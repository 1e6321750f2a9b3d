package io.ultrareliability.supervisor.process;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/** The few libc calls the JDK lacks: signals to a process group, getpgid. Linux numbers. */
public final class Posix {
    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;
    private static final int ESRCH = 3;

    private interface LibC extends Library {
        int kill(int pid, int sig) throws LastErrorException;

        int getpgid(int pid) throws LastErrorException;

        int getpid();
    }

    private static final class Holder {
        static final LibC C = Native.load("c", LibC.class);
    }

    private Posix() {
    }

    /** Signals one process. @return false when it does not exist (ESRCH). */
    public static boolean kill(long pid, int signal) {
        return send(checkPid(pid), signal);
    }

    /** Signals every process of group {@code pgid}. @return false when the group is empty. */
    public static boolean killGroup(long pgid, int signal) {
        return send(-checkPid(pgid), signal);
    }

    private static boolean send(int target, int signal) {
        try {
            Holder.C.kill(target, signal);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ESRCH) {
                return false;
            }
            throw new IllegalStateException("kill(" + target + ", " + signal + ") failed: errno " + e.getErrorCode(), e);
        }
    }

    /** @return the process group of pid, or -1 when the process does not exist */
    public static long getpgid(long pid) {
        try {
            return Holder.C.getpgid(checkPid(pid));
        } catch (LastErrorException e) {
            return -1;
        }
    }

    /** Never signal pid 0, 1 or a negative number by accident: -1 would mean "everyone". */
    private static int checkPid(long pid) {
        if (pid <= 1 || pid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("refusing to signal pid " + pid);
        }
        return (int) pid;
    }

    public static String signalName(int signal) {
        return switch (signal) {
            case SIGHUP -> "SIGHUP";
            case SIGINT -> "SIGINT";
            case 3 -> "SIGQUIT";
            case 4 -> "SIGILL";
            case 6 -> "SIGABRT";
            case 7 -> "SIGBUS";
            case 8 -> "SIGFPE";
            case SIGKILL -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 13 -> "SIGPIPE";
            case 14 -> "SIGALRM";
            case SIGTERM -> "SIGTERM";
            default -> "SIG" + signal;
        };
    }
}
