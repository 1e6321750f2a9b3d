package io.ultrareliability.supervisor.liveness;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether the parts that make up supervision still make progress: the loop beats, a probe or
 * a status write that was started ends, each within its deadline. {@code WATCHDOG=1} and the
 * supervisor's own {@code /health} ask {@link #check(long)}: a supervisor whose threads died
 * or hang must stop saying it is fine (it once kept pinging systemd while its status writer,
 * probe client and spawn thread were dead). Time comes in as monotonic nanoseconds, so tests
 * pass exact values.
 */
public final class ProgressTracker {
    /** How a part proves progress. */
    public enum Kind {
        /** Must {@link #beat} at least once per deadline (the loop). */
        HEARTBEAT,
        /** Work it {@link #begin}s must {@link #end} within the deadline; idle is fine (probes, writes). */
        WORK
    }

    /** A part of supervision, by name, with its deadline. */
    public record Part(String name, Kind kind, Duration deadline) {
        public Part {
            requireNonNull(name, "name is null");
            requireNonNull(kind, "kind is null");
            requireNonNull(deadline, "deadline is null");
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("deadline of " + name + " must be positive, got " + deadline);
            }
        }
    }

    /** The answer: ok, or which parts are late and by how much. */
    public record Verdict(boolean ok, List<String> late) {
        public Verdict {
            late = List.copyOf(late);
        }

        /** One line for logs and HTTP answers. */
        public String describe() {
            return ok ? "supervising" : "not supervising: " + String.join("; ", late);
        }
    }

    private static final class State {
        long since; // HEARTBEAT: last beat; WORK: when the oldest open work began
        int open;
    }

    private final Map<Part, State> parts = new LinkedHashMap<>();

    /** @param startNanos when the tracker starts: a heartbeat part is due one deadline after it */
    public ProgressTracker(List<Part> watched, long startNanos) {
        for (Part p : watched) {
            State s = new State();
            s.since = startNanos;
            if (parts.put(requireNonNull(p, "part is null"), s) != null) {
                throw new IllegalArgumentException("part " + p.name() + " given twice");
            }
        }
    }

    public synchronized void beat(Part p, long nowNanos) {
        state(p, Kind.HEARTBEAT).since = nowNanos;
    }

    /** Work of {@code p} started; with work already open the oldest start counts. */
    public synchronized void begin(Part p, long nowNanos) {
        State s = state(p, Kind.WORK);
        if (s.open++ == 0) {
            s.since = nowNanos;
        }
    }

    /** One piece of {@code p}'s work ended; what is still open is timed from now. */
    public synchronized void end(Part p, long nowNanos) {
        State s = state(p, Kind.WORK);
        if (s.open == 0) {
            return;
        }
        s.open--;
        s.since = nowNanos;
    }

    public synchronized Verdict check(long nowNanos) {
        List<String> late = new ArrayList<>();
        parts.forEach((p, s) -> {
            long age = nowNanos - s.since;
            boolean waiting = p.kind() == Kind.HEARTBEAT || s.open > 0;
            if (waiting && age > p.deadline().toNanos()) {
                late.add(p.name() + (p.kind() == Kind.HEARTBEAT ? " silent for " : " stuck for ")
                        + Duration.ofNanos(age).toMillis() + " ms (deadline " + p.deadline().toMillis() + " ms)");
            }
        });
        return new Verdict(late.isEmpty(), late);
    }

    private State state(Part p, Kind expected) {
        State s = parts.get(requireNonNull(p, "part is null"));
        if (s == null) {
            throw new IllegalArgumentException("part " + p.name() + " is not watched");
        }
        if (p.kind() != expected) {
            throw new IllegalArgumentException("part " + p.name() + " is " + p.kind() + ", not " + expected);
        }
        return s;
    }
}
