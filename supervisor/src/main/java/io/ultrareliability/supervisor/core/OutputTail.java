package io.ultrareliability.supervisor.core;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The last lines a child printed, kept for its crash record. Written from pump threads.
 * Lines are kept raw and masked when read: masking every line as it passed (the token regex
 * on each of millions of lines) held the output drain to ~1 MB/s (docs/perf.md); the tail is
 * read once per exit. A line is kept up to {@link #KEEP} characters so that anything maskable
 * that starts before the {@link #MAX_LINE} cut (a token, a literal secret of up to 4 KiB) is
 * still whole when masked, then cut.
 */
final class OutputTail {
    static final int LINES = 10;
    static final int MAX_LINE = 500;
    static final int KEEP = MAX_LINE + 8192;
    private final ArrayDeque<String> lines = new ArrayDeque<>(LINES);
    private final UnaryOperator<String> mask;

    OutputTail(UnaryOperator<String> mask) {
        this.mask = requireNonNull(mask, "mask is null");
    }

    synchronized void add(String line) {
        if (lines.size() == LINES) {
            lines.removeFirst();
        }
        lines.addLast(line.length() > KEEP ? line.substring(0, KEEP) : line);
    }

    /** The lines, masked, each cut to {@link #MAX_LINE} characters. */
    List<String> lines() {
        List<String> raw;
        synchronized (this) {
            raw = List.copyOf(lines);
        }
        List<String> out = new ArrayList<>(raw.size());
        for (String l : raw) {
            String m = mask.apply(l);
            out.add(m.length() > MAX_LINE ? m.substring(0, MAX_LINE) + "..." : m);
        }
        return List.copyOf(out);
    }
}
