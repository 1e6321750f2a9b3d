package io.ultrareliability.supervisor.daemon;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.supervisor.core.SupervisorListener;
import io.ultrareliability.supervisor.status.ChildState;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import io.ultrareliability.supervisor.systemd.SystemdNotifier;

/**
 * Tells systemd what the supervisor does: {@code STATUS=} on every state change, and
 * {@code READY=1} (with the status) the first time the child is running. Before that, systemd
 * (Type=notify) still sees the service as starting. Runs on the supervisor loop.
 */
final class SystemdListener implements SupervisorListener {
    private final SystemdNotifier systemd;
    private final String childName;

    SystemdListener(SystemdNotifier systemd, String childName) {
        this.systemd = requireNonNull(systemd, "systemd is null");
        this.childName = requireNonNull(childName, "childName is null");
    }

    @Override
    public void onStateChange(ChildState from, ChildState to, StatusSnapshot snapshot) {
        String line = SystemdStatusLine.of(snapshot, childName);
        if (to == ChildState.RUNNING) {
            systemd.ready(line); // READY=1 once; later only the status
        } else {
            systemd.status(line);
        }
    }
}
