package io.ultrareliability.supervisor.process;

/**
 * A process named by PID and start time, so a PID the kernel reused for another process
 * never passes for the one we recorded.
 */
public record ProcessIdentity(long pid, long startTicks) {
    public ProcessIdentity {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be > 0, got " + pid);
        }
    }

    /** The identity of a live process, or null when it does not exist. */
    public static ProcessIdentity of(long pid) {
        var ticks = ProcFs.startTicks(pid);
        return ticks.isPresent() ? new ProcessIdentity(pid, ticks.getAsLong()) : null;
    }

    public static ProcessIdentity current() {
        return of(ProcessHandle.current().pid());
    }

    /** True when this very process is still alive (same PID, same start time). */
    public boolean isAlive() {
        var ticks = ProcFs.startTicks(pid);
        return ticks.isPresent() && ticks.getAsLong() == startTicks;
    }

    /** Two lines, PID first, so {@code read -r pid < file} works in shell scripts. */
    public String toFileText() {
        return pid + "\n" + startTicks + "\n";
    }

    /** @return the identity, or null when the text is not two numbers */
    public static ProcessIdentity parse(String text) {
        String[] lines = text.strip().split("\\s+");
        if (lines.length < 2) {
            return null;
        }
        try {
            long pid = Long.parseLong(lines[0]);
            return pid > 0 ? new ProcessIdentity(pid, Long.parseLong(lines[1])) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
