package io.ultrareliability.supervisor.config;

import io.ultrareliability.common.ByteSizes;
import io.ultrareliability.common.Durations;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Typed reads of the merged scalars; a bad value adds a problem and yields a safe default. */
record ConfigValues(Map<String, String> scalars, Map<String, String> origin, List<String> problems) {
    String text(String key) {
        return scalars.get(key).trim();
    }

    String where(String key) {
        return origin.getOrDefault(key, key);
    }

    Duration duration(String key) {
        try {
            return Durations.parse(text(key));
        } catch (IllegalArgumentException e) {
            problems.add(where(key) + ": " + e.getMessage());
            return Durations.parse(ConfigKeys.SCALAR_DEFAULTS.get(key));
        }
    }

    Duration positive(String key) {
        Duration d = duration(key);
        if (d.isZero()) {
            problems.add(where(key) + ": must be more than 0");
            return Durations.parse(ConfigKeys.SCALAR_DEFAULTS.get(key));
        }
        return d;
    }

    /** A size with a unit (a bare 512 is not 512 bytes by accident), 0 (off), or at least {@code min}. */
    long size(String key, long min) {
        String t = text(key);
        if (t.equals("0")) {
            return 0;
        }
        if (t.matches("[0-9.]+")) {
            problems.add(where(key) + ": '" + t + "' has no unit: write e.g. " + t + "MiB (or 0: off)");
            return 0;
        }
        try {
            long bytes = ByteSizes.parse(t);
            if (bytes > 0 && bytes < min) {
                problems.add(where(key) + ": " + t + " is below the minimum of " + ByteSizes.format(min)
                        + " (0: off)");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            problems.add(where(key) + ": " + e.getMessage());
            return 0;
        }
    }

    int count(String key) {
        try {
            int n = Integer.parseInt(text(key));
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(where(key) + ": expected a whole number >= 1, got '" + text(key) + "'");
        return Integer.parseInt(ConfigKeys.SCALAR_DEFAULTS.get(key));
    }

    double number(String key, double min, double max) {
        try {
            double d = Double.parseDouble(text(key));
            if (d >= min && d <= max) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(where(key) + ": expected a number from " + min + " to " + max + ", got '" + text(key) + "'");
        return Double.parseDouble(ConfigKeys.SCALAR_DEFAULTS.get(key));
    }

    URI url(String key) {
        String t = text(key);
        if (t.isEmpty() || t.equalsIgnoreCase("none")) {
            return null;
        }
        try {
            URI u = URI.create(t);
            if (!"http".equals(u.getScheme()) || u.getHost() == null) {
                problems.add(where(key) + ": expected an http:// URL with a host, got '" + t + "'");
                return null;
            }
            return u;
        } catch (IllegalArgumentException e) {
            problems.add(where(key) + ": bad URL '" + t + "'");
            return null;
        }
    }
}
