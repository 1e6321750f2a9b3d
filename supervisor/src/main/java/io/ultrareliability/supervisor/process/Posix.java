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

        int prctl(int option, long arg2, long arg3, long arg4, long arg5) throws LastErrorException;

        int waitpid(int pid, int[] status, int options) throws LastErrorException;
    }

    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int WNOHANG = 1;

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

    /**
     * Makes this process a child subreaper: orphans among its descendants (a grandchild that
     * left the group with setsid, then lost its parent) are re-parented to it, not to init.
     */
    public static void becomeSubreaper() {
        try {
            Holder.C.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
        } catch (LastErrorException e) {
            throw new IllegalStateException("prctl(PR_SET_CHILD_SUBREAPER) failed: errno " + e.getErrorCode(), e);
        }
    }

    /**
     * Collects the exit status of child {@code pid} if it has ended (WNOHANG). Only for children
     * the JDK does not wait for itself (re-parented orphans): it must never race the JDK's reaper.
     *
     * @return true when it was reaped now
     */
    public static boolean reap(long pid) {
        try {
            return Holder.C.waitpid(checkPid(pid), new int[1], WNOHANG) > 0;
        } catch (LastErrorException e) {
            return false; // ECHILD: not our child (any more)
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
