package io.ultrareliability.supervisor.process;

import io.ultrareliability.common.time.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A child process that leads its own process group (PGID == PID). */
final class GroupChild implements ChildHandle {
    private static final Logger LOG = LoggerFactory.getLogger(GroupChild.class);
    private static final Duration REAP_DEADLINE = Duration.ofSeconds(3);
    private static final Poll REAP_POLL = Poll.every(Duration.ofMillis(5));
    static final java.time.Duration ORPHAN_GRACE = java.time.Duration.ofSeconds(2);
    private final Process process;
    private final long pid;

    GroupChild(Process process) {
        this.process = process;
        this.pid = process.pid();
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public void onExit(Consumer<ChildExit> callback) {
        process.onExit().thenAccept(p -> callback.accept(ChildExit.fromExitValue(p.exitValue())));
    }

    @Override
    public void terminate() {
        Posix.killGroup(pid, Posix.SIGTERM);
        // A SIGSTOPped child only acts on TERM once continued (systemd does the same).
        Posix.killGroup(pid, Posix.SIGCONT);
    }

    @Override
    public void kill() {
        Posix.killGroup(pid, Posix.SIGKILL);
    }

    @Override
    public List<Long> reapGroup() {
        List<Long> left = new ArrayList<>(reapOwnGroup());
        // Those that left the group (setsid) were re-parented to us (we are a subreaper):
        // TERM, a short grace (the loop waits on it, as systemd waits for the cgroup), KILL.
        left.addAll(Orphans.stopAll(ORPHAN_GRACE));
        return left;
    }

    private List<Long> reapOwnGroup() {
        // Signal 0 to the group answers "anyone left?" without scanning /proc: the common
        // case (the child was alone) costs one syscall on the way to the next spawn.
        if (!Posix.killGroup(pid, 0)) {
            return List.of();
        }
        List<Long> left = groupMembers();
        if (left.isEmpty()) {
            return left;
        }
        LOG.warn("process group {} outlived its leader: {}; sending SIGKILL", pid, left);
        Posix.killGroup(pid, Posix.SIGKILL);
        try {
            REAP_POLL.until(() -> groupMembers().isEmpty(), REAP_DEADLINE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Long> still = groupMembers();
        if (!still.isEmpty()) {
            LOG.error("process group {} still has {} after SIGKILL", pid, still);
        }
        return left;
    }

    @Override
    public List<Long> groupMembers() {
        return ProcFs.groupMembers(pid);
    }
}
