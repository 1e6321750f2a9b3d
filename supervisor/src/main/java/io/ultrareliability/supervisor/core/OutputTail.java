package io.ultrareliability.supervisor.core;

import java.util.ArrayDeque;
import java.util.List;

/** The last lines a child printed, kept for its crash record. Written from pump threads. */
final class OutputTail {
    static final int LINES = 10;
    static final int MAX_LINE = 500;
    private final ArrayDeque<String> lines = new ArrayDeque<>(LINES);

    synchronized void add(String line) {
        if (lines.size() == LINES) {
            lines.removeFirst();
        }
        lines.addLast(line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "..." : line);
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
