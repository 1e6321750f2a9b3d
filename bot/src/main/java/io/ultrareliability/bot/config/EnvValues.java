package io.ultrareliability.bot.config;

import io.ultrareliability.common.Durations;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Reading one environment variable as a duration or a whole number: unset or blank means the
 * fallback, a bad value is a {@link ConfigException} whose one line names the variable.
 */
final class EnvValues {
    private EnvValues() {
    }

    static Duration duration(Map<String, String> env, String name, String fallback) {
        String raw = env.get(name);
        try {
            return Durations.parse(raw == null || raw.isBlank() ? fallback : raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + ": " + e.getMessage());
        }
    }

    static Duration positive(Map<String, String> env, String name, String fallback) {
        Duration d = duration(env, name, fallback);
        if (d.isZero()) {
            throw new ConfigException(name + " must be greater than zero");
        }
        return d;
    }

    static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
        return integer(env, name, min, max).orElse(fallback);
    }

    /** Empty when the variable is unset or blank. */
    static OptionalInt integer(Map<String, String> env, String name, int min, int max) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return OptionalInt.empty();
        }
        try {
            int v = Integer.parseInt(raw.strip());
            if (v < min || v > max) {
                throw new ConfigException(name + " must be between " + min + " and " + max + ", got " + v);
            }
            return OptionalInt.of(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number, got '" + raw + "'");
        }
    }
}
