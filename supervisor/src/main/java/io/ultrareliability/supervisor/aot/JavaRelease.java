package io.ultrareliability.supervisor.aot;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of the JDK behind a java executable, read from its {@code release} file
 * ({@code JAVA_VERSION="25.0.1"}) without starting it: the child may run on another JDK
 * than the supervisor ({@code ULTRA_JAVA}).
 *
 * @param version the full version text, e.g. {@code 25.0.1}
 * @param feature the feature release, e.g. 25
 */
public record JavaRelease(String version, int feature) {
    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"?([^\"\\s]+)\"?\\s*$");

    public JavaRelease {
        requireNonNull(version, "version is null");
    }

    /** The JDK the AOT cache needs: {@code -XX:AOTCache} and {@code -XX:AOTCacheOutput} are JDK 25+. */
    public boolean supportsAotCache() {
        return feature >= 25;
    }

    /** Reads {@code <java home>/release} for {@code .../bin/java}; empty when it cannot be read. */
    public static Optional<JavaRelease> of(Path javaExecutable) {
        Path real;
        try {
            real = javaExecutable.toRealPath();
        } catch (IOException e) {
            return Optional.empty();
        }
        Path bin = real.getParent();
        Path home = bin == null ? null : bin.getParent();
        if (home == null) {
            return Optional.empty();
        }
        try {
            return parse(Files.readString(home.resolve("release")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The version out of a {@code release} file's text. */
    static Optional<JavaRelease> parse(String releaseFile) {
        Matcher m = JAVA_VERSION.matcher(releaseFile);
        if (!m.find()) {
            return Optional.empty();
        }
        String v = m.group(1);
        // "1.8.0_392" is Java 8; "25.0.1", "25", "26-ea" are their first number.
        String[] parts = v.split("[._\\-+]");
        try {
            int first = Integer.parseInt(parts[0]);
            int feature = first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
            return Optional.of(new JavaRelease(v, feature));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
