package io.ultrareliability.supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StateMachineTest {
    @Test
    void startsStoppedAndFollowsTheTable() {
        StateMachine m = new StateMachine();
        assertThat(m.state()).isEqualTo(ChildState.STOPPED);
        assertThat(m.transition(ChildState.STARTING)).isEqualTo(ChildState.STOPPED);
        m.transition(ChildState.RUNNING);
        m.transition(ChildState.UNHEALTHY);
        m.transition(ChildState.STOPPING);
        m.transition(ChildState.BACKOFF);
        m.transition(ChildState.STARTING);
        m.transition(ChildState.FATAL);
        m.transition(ChildState.STARTING);
        assertThat(m.state()).isEqualTo(ChildState.STARTING);
    }

    @Test
    void anIllegalTransitionThrowsNamingBothStatesAndChangesNothing() {
        StateMachine m = new StateMachine();
        assertThatThrownBy(() -> m.transition(ChildState.RUNNING))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessage("illegal child state transition stopped -> running");
        assertThat(m.state()).isEqualTo(ChildState.STOPPED);
    }

    @Test
    void theTableCoversEveryStateAndForbidsSelfLoopsAndDeadEnds() {
        int legal = 0;
        for (ChildState from : ChildState.values()) {
            assertThat(StateMachine.TABLE.targets(from)).as(from + " has a way out").isNotEmpty();
            for (ChildState to : ChildState.values()) {
                if (StateMachine.isLegal(from, to)) {
                    legal++;
                }
            }
            assertThat(StateMachine.isLegal(from, from)).isFalse();
        }
        assertThat(legal).isEqualTo(21);
        // fatal is never a dead end (unlike supervisord's FATAL): it can start again.
        assertThat(StateMachine.isLegal(ChildState.FATAL, ChildState.STARTING)).isTrue();
        // a live child is never abandoned: running cannot jump to stopped without stopping.
        assertThat(StateMachine.isLegal(ChildState.RUNNING, ChildState.STOPPED)).isFalse();
    }

    @Test
    void everyIllegalPairThrows() {
        for (ChildState from : ChildState.values()) {
            for (ChildState to : ChildState.values()) {
                if (StateMachine.isLegal(from, to)) {
                    continue;
                }
                StateMachine m = at(from);
                assertThatThrownBy(() -> m.transition(to))
                        .hasMessageContaining(from.jsonName() + " -> " + to.jsonName());
            }
        }
    }

    /** A machine brought to {@code state} through legal steps. */
    private static StateMachine at(ChildState state) {
        StateMachine m = new StateMachine();
        switch (state) {
            case STOPPED -> { }
            case STARTING -> m.transition(ChildState.STARTING);
            case RUNNING -> { m.transition(ChildState.STARTING); m.transition(ChildState.RUNNING); }
            case UNHEALTHY -> { m.transition(ChildState.STARTING); m.transition(ChildState.RUNNING); m.transition(ChildState.UNHEALTHY); }
            case STOPPING -> { m.transition(ChildState.STARTING); m.transition(ChildState.STOPPING); }
            case BACKOFF -> { m.transition(ChildState.STARTING); m.transition(ChildState.BACKOFF); }
            case FATAL -> { m.transition(ChildState.STARTING); m.transition(ChildState.FATAL); }
            default -> throw new AssertionError(state);
        }
        assertThat(m.state()).isEqualTo(state);
        return m;
    }
}
