package io.ultrareliability.common;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the human durations used in config files, environment variables and flags:
 * {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1.5s}. A bare number means
 * seconds, because the seeds' environment variables ({@code DISCORD_RECONNECT_DELAY=5}) do.
 */
public final class Durations {
    private static final Pattern SYNTAX =
            Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|sec|m|min|h|d)?");

    private Durations() {
    }

    /**
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty duration: use a form like 250ms, 5s, 2m or 1h");
        }
        Matcher m = SYNTAX.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "bad duration '" + text + "': use a form like 250ms, 5s, 2m or 1h");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> amount;
            case "s", "sec" -> amount * 1_000;
            case "m", "min" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            case "d" -> amount * 86_400_000;
            default -> throw new AssertionError(unit);
        };
        if (millis > Long.MAX_VALUE / 2) {
            throw new IllegalArgumentException("duration '" + text + "' is too large");
        }
        return Duration.ofMillis(Math.round(millis));
    }

    /** The shortest exact form: {@code 1500ms}, {@code 5s}, {@code 2m}, {@code 1h}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1_000 == 0) {
            return ms / 1_000 + "s";
        }
        return ms + "ms";
    }
}
