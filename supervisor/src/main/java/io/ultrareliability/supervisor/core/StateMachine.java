package io.ultrareliability.supervisor.core;

import static io.ultrareliability.supervisor.status.ChildState.BACKOFF;
import static io.ultrareliability.supervisor.status.ChildState.FATAL;
import static io.ultrareliability.supervisor.status.ChildState.RUNNING;
import static io.ultrareliability.supervisor.status.ChildState.STARTING;
import static io.ultrareliability.supervisor.status.ChildState.STOPPED;
import static io.ultrareliability.supervisor.status.ChildState.STOPPING;
import static io.ultrareliability.supervisor.status.ChildState.UNHEALTHY;
import static java.util.Objects.requireNonNull;

import io.ultrareliability.common.TransitionTable;
import io.ultrareliability.supervisor.status.ChildState;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The child's lifecycle as an explicit table of legal transitions. Not thread-safe: the
 * supervisor core only touches it from its event loop.
 */
public final class StateMachine {
    /** from -> the states it may go to. Anything else is a bug and throws. */
    public static final TransitionTable<ChildState> TABLE;

    static {
        Map<ChildState, Set<ChildState>> t = new EnumMap<>(ChildState.class);
        // A child exits by itself (crash, 75: backoff; 78: fatal) or we stop it (stopping).
        // starting -> unhealthy: alive but waiting for its IDENTIFY budget (issue 13), so the
        // startup grace cannot be met and must not restart it
        t.put(STARTING, EnumSet.of(RUNNING, UNHEALTHY, STOPPING, BACKOFF, FATAL));
        t.put(RUNNING, EnumSet.of(UNHEALTHY, STOPPING, BACKOFF, FATAL));
        t.put(UNHEALTHY, EnumSet.of(RUNNING, STOPPING, BACKOFF, FATAL));
        // After a stop: restart (backoff, possibly 0 ms) or stay down (stopped); a child that
        // exits 78 by itself while we stop it for a restart is fatal.
        t.put(STOPPING, EnumSet.of(BACKOFF, STOPPED, FATAL));
        t.put(BACKOFF, EnumSet.of(STARTING, STOPPED));
        // Fatal waits for a manual restart or a config/token change; never a dead end.
        t.put(FATAL, EnumSet.of(STARTING, STOPPED));
        t.put(STOPPED, EnumSet.of(STARTING));
        TABLE = TransitionTable.of("child state", t, ChildState::jsonName);
    }

    private ChildState state = STOPPED;

    public ChildState state() {
        return state;
    }

    public static boolean isLegal(ChildState from, ChildState to) {
        return TABLE.isLegal(from, to);
    }

    /**
     * @return the previous state
     * @throws IllegalTransitionException when the table does not allow it
     */
    public ChildState transition(ChildState to) {
        requireNonNull(to, "to is null");
        if (!isLegal(state, to)) {
            throw new IllegalTransitionException(state, to);
        }
        ChildState from = state;
        state = to;
        return from;
    }
}
