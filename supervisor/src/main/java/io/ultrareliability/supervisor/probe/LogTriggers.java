package io.ultrareliability.supervisor.probe;

import java.util.List;
import java.util.regex.Pattern;

/** Regexes on the child's output lines that call for a restart. */
public final class LogTriggers {
    private final List<Pattern> patterns;

    public LogTriggers(List<Pattern> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /** The first pattern found in the line, or null. */
    public Pattern match(String line) {
        for (Pattern p : patterns) {
            if (p.matcher(line).find()) {
                return p;
            }
        }
        return null;
    }
}
