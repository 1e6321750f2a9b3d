package io.ultrareliability.supervisor.daemon;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The child's most recent output lines in memory, for {@code /api/logs} and the dashboard
 * (the core keeps only 10 per crash record). Bounded in lines and line length; written from
 * the output pump threads, read from HTTP workers.
 */
final class ChildOutputRing {
    static final int MAX_LINE = 500;
    private final int capacity;
    private final ArrayDeque<String> lines;

    ChildOutputRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(capacity);
    }

    /** A consumer that keeps each line here, then hands it on. */
    Consumer<String> tee(Consumer<String> next) {
        requireNonNull(next, "next is null");
        return line -> {
            add(line);
            next.accept(line);
        };
    }

    synchronized void add(String line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "..." : line);
    }

    /** The last {@code max} lines, oldest first. */
    synchronized List<String> last(int max) {
        List<String> all = new ArrayList<>(lines);
        return List.copyOf(all.subList(Math.max(0, all.size() - Math.max(0, max)), all.size()));
    }
}
