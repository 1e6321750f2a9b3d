package io.ultrareliability.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransitionTableTest {
    enum Door { OPEN, CLOSED, LOCKED, GONE }

    private static final TransitionTable<Door> DOOR = TransitionTable.of("door", Map.of(
            Door.OPEN, EnumSet.of(Door.CLOSED, Door.GONE),
            Door.CLOSED, EnumSet.of(Door.OPEN, Door.LOCKED, Door.GONE),
            Door.LOCKED, EnumSet.of(Door.CLOSED),
            Door.GONE, EnumSet.noneOf(Door.class)));

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
        "OPEN, OPEN, false", "OPEN, CLOSED, true", "OPEN, LOCKED, false", "OPEN, GONE, true",
        "CLOSED, OPEN, true", "CLOSED, CLOSED, false", "CLOSED, LOCKED, true", "CLOSED, GONE, true",
        "LOCKED, OPEN, false", "LOCKED, CLOSED, true", "LOCKED, LOCKED, false", "LOCKED, GONE, false",
        "GONE, OPEN, false", "GONE, CLOSED, false", "GONE, LOCKED, false", "GONE, GONE, false"})
    void isLegalFollowsTheTableExactly(Door from, Door to, boolean legal) {
        assertThat(DOOR.isLegal(from, to)).isEqualTo(legal);
    }

    @Test
    void checkReturnsTheTargetOrThrowsNamingBothStates() {
        assertThat(DOOR.check(Door.CLOSED, Door.LOCKED)).isEqualTo(Door.LOCKED);
        assertThatThrownBy(() -> DOOR.check(Door.LOCKED, Door.OPEN))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("illegal door transition LOCKED -> OPEN");
    }

    @Test
    void statesCanBeNamedForMessages() {
        TransitionTable<Door> t = TransitionTable.of("door state", Map.of(
                Door.OPEN, Set.of(Door.CLOSED), Door.CLOSED, Set.of(), Door.LOCKED, Set.of(), Door.GONE, Set.of()),
                d -> d.name().toLowerCase(Locale.ROOT));
        assertThatThrownBy(() -> t.check(Door.CLOSED, Door.OPEN))
                .hasMessage("illegal door state transition closed -> open");
        assertThat(t.illegalMessage(Door.GONE, Door.OPEN)).isEqualTo("illegal door state transition gone -> open");
    }

    @Test
    void terminalStatesHaveNoTargets() {
        assertThat(DOOR.isTerminal(Door.GONE)).isTrue();
        assertThat(DOOR.isTerminal(Door.LOCKED)).isFalse();
        assertThat(DOOR.targets(Door.CLOSED)).containsExactly(Door.OPEN, Door.LOCKED, Door.GONE);
    }

    @Test
    void theTableIsACopyAndCannotBeChanged() {
        Map<Door, Set<Door>> rows = new HashMap<>();
        for (Door d : Door.values()) {
            rows.put(d, EnumSet.noneOf(Door.class));
        }
        rows.get(Door.OPEN).add(Door.CLOSED);
        TransitionTable<Door> t = TransitionTable.of("door", rows);
        rows.get(Door.OPEN).add(Door.GONE);
        assertThat(t.isLegal(Door.OPEN, Door.GONE)).isFalse();
        assertThatThrownBy(() -> t.targets(Door.OPEN).add(Door.LOCKED))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aStateWithoutARowIsRejectedWhenTheTableIsBuilt() {
        assertThatThrownBy(() -> TransitionTable.of("door", Map.of(
                Door.OPEN, EnumSet.of(Door.CLOSED), Door.CLOSED, EnumSet.noneOf(Door.class),
                Door.GONE, EnumSet.noneOf(Door.class))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("transition table for door has no row for LOCKED");
        assertThatThrownBy(() -> TransitionTable.of("door", Map.<Door, Set<Door>>of()))
                .hasMessageContaining("empty");
    }

    @Test
    void nullsAreRejected() {
        assertThatThrownBy(() -> DOOR.isLegal(null, Door.OPEN)).hasMessage("from is null");
        assertThatThrownBy(() -> DOOR.isLegal(Door.OPEN, null)).hasMessage("to is null");
        assertThatThrownBy(() -> TransitionTable.of(null, Map.of(Door.OPEN, Set.<Door>of())))
                .hasMessage("subject is null");
    }
}
