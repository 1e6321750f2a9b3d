package io.ultrareliability.supervisor.core;

import io.ultrareliability.supervisor.process.ChildExit;
import io.ultrareliability.supervisor.process.ChildHandle;
import io.ultrareliability.supervisor.status.ChildState;
import io.ultrareliability.supervisor.status.RestartRecord;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import java.time.Duration;

/**
 * Hooks for what reacts to the supervisor (the child PID file; later sd_notify: READY on
 * the first healthy child, STATUS on each change). Called on the supervisor loop thread:
 * must be quick and must not throw.
 */
public interface SupervisorListener {
    default void onStateChange(ChildState from, ChildState to, StatusSnapshot snapshot) {
    }

    default void onChildStarted(ChildHandle child) {
    }

    default void onChildExited(ChildHandle child, ChildExit exit) {
    }

    /**
     * A restart was decided (the record is in restart_history and auto_restart.log); reason
     * {@code record.reason()}. Fires once per restart, manual ones included.
     */
    default void onRestart(RestartRecord record) {
    }

    /** A health probe of the live child answered (or failed): its latency and verdict. */
    default void onHealthProbe(Duration latency, boolean ok) {
    }

    /** The supervisor has stopped its child for good (shutdown finished). */
    default void onStopped() {
    }
}
