package io.ultrareliability.supervisor.process;

import java.util.function.Consumer;

/** A spawned child, leader of its own process group. */
public interface ChildHandle {
    long pid();

    /** Called once, from some other thread, as soon as the child process exits. */
    void onExit(Consumer<ChildExit> callback);

    /** SIGTERM (then SIGCONT, so a stopped child can act on it) to the whole group. */
    void terminate();

    /** SIGKILL to the whole group. */
    void kill();

    /**
     * After the leader exited: kills what is left of its group and waits (bounded) until
     * nothing is. @return the PIDs that had to be killed
     */
    java.util.List<Long> reapGroup();

    /** PIDs in the child's process group right now (a scan of /proc: not for every probe). */
    java.util.List<Long> groupMembers();

    /** The child and its descendants right now (cheap: follows /proc children links). */
    default java.util.List<Long> tree() {
        return ProcFs.tree(pid());
    }
}
