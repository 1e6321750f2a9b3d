package io.ultrareliability.supervisor.core;

import io.ultrareliability.supervisor.process.ChildExit;
import io.ultrareliability.supervisor.process.ChildHandle;
import io.ultrareliability.supervisor.status.StatusSnapshot;

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

    /** The supervisor has stopped its child for good (shutdown finished). */
    default void onStopped() {
    }
}
