package io.ultrareliability.supervisor.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The child when {@code child.command} is not set: the bot jar with lean JVM flags. */
public final class DefaultChild {
    private DefaultChild() {
    }

    public static List<String> command(Map<String, String> env) {
        String java = env.getOrDefault("ULTRA_JAVA", "");
        if (java.isBlank()) {
            java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }
        return List.of(java, "-XX:+UseSerialGC", "-Xss512k", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "--enable-native-access=ALL-UNNAMED", "-jar", source(env).resolve("bot/target/bot.jar").toString(),
                "--supervised");
    }

    /** The checkout: ULTRA_SRC, else two folders above supervisor/target/supervisor.jar. */
    static Path source(Map<String, String> env) {
        String src = env.getOrDefault("ULTRA_SRC", "");
        if (!src.isBlank()) {
            return Path.of(src);
        }
        try {
            Path jar = Path.of(DefaultChild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path up = jar.getParent() == null ? null : jar.getParent().getParent();
            if (up != null && up.getParent() != null) {
                return up.getParent();
            }
        } catch (Exception e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }
}
