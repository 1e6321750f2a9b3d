package io.ultrareliability.supervisor.core;

import io.ultrareliability.supervisor.status.ChildState;

/** A transition the state table does not allow; names both states. */
public final class IllegalTransitionException extends IllegalStateException {
    private final ChildState from;
    private final ChildState to;

    public IllegalTransitionException(ChildState from, ChildState to) {
        super(StateMachine.TABLE.illegalMessage(from, to));
        this.from = from;
        this.to = to;
    }

    public ChildState from() {
        return from;
    }

    public ChildState to() {
        return to;
    }
}
