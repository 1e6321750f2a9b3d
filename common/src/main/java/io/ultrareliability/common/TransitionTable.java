package io.ultrareliability.common;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A lifecycle's table of legal transitions (Resilience4j's StateTransition style): each
 * state maps to the states it may go to; anything else is a bug and {@link #check} throws,
 * naming both states. Every constant of the enum must have a row (an empty one for terminal
 * states), so a state added later without a row fails when the table is built, not at run
 * time. Immutable and thread-safe.
 *
 * @param <S> the lifecycle's states
 */
public final class TransitionTable<S extends Enum<S>> {
    private final String subject;
    private final Function<? super S, String> names;
    private final Map<S, Set<S>> legal;

    private TransitionTable(String subject, Map<S, ? extends Set<S>> legal, Function<? super S, String> names) {
        this.subject = requireNonNull(subject, "subject is null");
        this.names = requireNonNull(names, "names is null");
        requireNonNull(legal, "legal is null");
        if (legal.isEmpty()) {
            throw new IllegalArgumentException("transition table for " + subject + " is empty");
        }
        Class<S> type = legal.keySet().iterator().next().getDeclaringClass();
        Map<S, Set<S>> copy = new EnumMap<>(type);
        for (S state : type.getEnumConstants()) {
            Set<S> targets = legal.get(state);
            if (targets == null) {
                throw new IllegalArgumentException("transition table for " + subject + " has no row for " + state);
            }
            Set<S> row = targets.isEmpty() ? EnumSet.noneOf(type) : EnumSet.copyOf(targets);
            copy.put(state, Collections.unmodifiableSet(row));
        }
        this.legal = Collections.unmodifiableMap(copy);
    }

    /**
     * @param subject what changes state, for the message: "illegal {subject} transition A -> B"
     * @param legal from -> the states it may go to; one row per enum constant
     */
    public static <S extends Enum<S>> TransitionTable<S> of(String subject, Map<S, ? extends Set<S>> legal) {
        return new TransitionTable<>(subject, legal, Enum::name);
    }

    /** As {@link #of(String, Map)}, with the states named by {@code names} in messages. */
    public static <S extends Enum<S>> TransitionTable<S> of(String subject, Map<S, ? extends Set<S>> legal,
            Function<? super S, String> names) {
        return new TransitionTable<>(subject, legal, names);
    }

    public boolean isLegal(S from, S to) {
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        return legal.get(from).contains(to);
    }

    /**
     * @return {@code to}, so a field can be assigned in one step
     * @throws IllegalStateException naming both states when the table does not allow the move
     */
    public S check(S from, S to) {
        if (!isLegal(from, to)) {
            throw new IllegalStateException(illegalMessage(from, to));
        }
        return to;
    }

    /** "illegal {subject} transition {from} -> {to}", for callers that throw their own exception type. */
    public String illegalMessage(S from, S to) {
        return "illegal " + subject + " transition " + names.apply(from) + " -> " + names.apply(to);
    }

    /** The states {@code from} may go to (unmodifiable). */
    public Set<S> targets(S from) {
        return legal.get(requireNonNull(from, "from is null"));
    }

    /** True when {@code state} has no way out. */
    public boolean isTerminal(S state) {
        return targets(state).isEmpty();
    }
}
