package io.ultrareliability.supervisor.daemon;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.supervisor.core.ChildState;
import io.ultrareliability.supervisor.core.SupervisorListener;
import io.ultrareliability.supervisor.systemd.SystemdNotifier;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import java.util.function.Supplier;

/**
 * Tells systemd what the supervisor does: {@code STATUS=} on every state change, and
 * {@code READY=1} (with the status) the first time the child is running. Before that, systemd
 * (Type=notify) still sees the service as starting. Runs on the supervisor loop.
 */
final class SystemdListener implements SupervisorListener {
    private final SystemdNotifier systemd;
    private final String childName;
    private final Supplier<StatusSnapshot> stack;

    SystemdListener(SystemdNotifier systemd, String childName) {
        this(systemd, childName, null);
    }

    /**
     * @param stack the combined snapshot of bot and keeper (issue 17), null for the bot's alone;
     *        the listener then serves both cores, and READY=1 still waits for the bot
     */
    SystemdListener(SystemdNotifier systemd, String childName, Supplier<StatusSnapshot> stack) {
        this.systemd = requireNonNull(systemd, "systemd is null");
        this.childName = requireNonNull(childName, "childName is null");
        this.stack = stack;
    }

    @Override
    public void onStateChange(ChildState from, ChildState to, StatusSnapshot snapshot) {
        StatusSnapshot s = snapshot;
        if (stack != null) {
            s = stack.get();
            if (s == null) {
                return; // the keeper starting, the bot not yet: nothing to say about the bot
            }
        }
        String line = SystemdStatusLine.of(s, childName);
        if (to == ChildState.RUNNING && s.child().state() == ChildState.RUNNING) {
            systemd.ready(line); // READY=1 once; later only the status
        } else {
            systemd.status(line);
        }
    }
}
