package io.ultrareliability.supervisor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ultrareliability.supervisor.status.ChildState;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
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

    /**
     * The table written out by hand, one row per state (docs/supervisor.md): the oracle for
     * every one of the 49 pairs, so a changed cell in StateMachine fails here.
     */
    private static final Map<ChildState, Set<ChildState>> EXPECTED = Map.of(
            ChildState.STOPPED, EnumSet.of(ChildState.STARTING),
            // starting -> unhealthy: a bot waiting for its IDENTIFY budget when the startup grace ends
            ChildState.STARTING, EnumSet.of(ChildState.RUNNING, ChildState.UNHEALTHY, ChildState.STOPPING,
                    ChildState.BACKOFF, ChildState.FATAL),
            ChildState.RUNNING, EnumSet.of(ChildState.UNHEALTHY, ChildState.STOPPING, ChildState.BACKOFF,
                    ChildState.FATAL),
            ChildState.UNHEALTHY, EnumSet.of(ChildState.RUNNING, ChildState.STOPPING, ChildState.BACKOFF,
                    ChildState.FATAL),
            ChildState.STOPPING, EnumSet.of(ChildState.BACKOFF, ChildState.STOPPED, ChildState.FATAL),
            ChildState.BACKOFF, EnumSet.of(ChildState.STARTING, ChildState.STOPPED),
            ChildState.FATAL, EnumSet.of(ChildState.STARTING, ChildState.STOPPED));

    @Test
    void everyPairIsLegalExactlyWhenTheHandWrittenTableSaysSo() {
        assertThat(EXPECTED.keySet()).containsExactlyInAnyOrder(ChildState.values());
        int legal = 0;
        for (ChildState from : ChildState.values()) {
            for (ChildState to : ChildState.values()) {
                boolean expected = EXPECTED.get(from).contains(to);
                assertThat(StateMachine.isLegal(from, to)).as(from + " -> " + to).isEqualTo(expected);
                legal += expected ? 1 : 0;
            }
        }
        assertThat(legal).isEqualTo(21);
        // fatal is never a dead end (unlike supervisord's FATAL): it can start again.
        assertThat(StateMachine.isLegal(ChildState.FATAL, ChildState.STARTING)).isTrue();
        // a live child is never abandoned: running cannot jump to stopped without stopping.
        assertThat(StateMachine.isLegal(ChildState.RUNNING, ChildState.STOPPED)).isFalse();
    }

    @Test
    void everyLegalPairMovesTheMachine() {
        for (ChildState from : ChildState.values()) {
            for (ChildState to : EXPECTED.get(from)) {
                StateMachine m = at(from);
                assertThat(m.transition(to)).as(from + " -> " + to).isEqualTo(from);
                assertThat(m.state()).isEqualTo(to);
            }
        }
    }

    @Test
    void everyIllegalPairThrows() {
        for (ChildState from : ChildState.values()) {
            for (ChildState to : ChildState.values()) {
                if (EXPECTED.get(from).contains(to)) {
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
