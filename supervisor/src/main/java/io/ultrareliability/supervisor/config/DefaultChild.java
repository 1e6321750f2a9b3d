package io.ultrareliability.supervisor.config;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.common.BotContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The child when {@code child.command} is not set: the bot jar with lean JVM flags. Kept in
 * parts (java, flags, jar, arguments) so the JDK 25 AOT cache can be added to the same
 * command ({@link #withAotCache}) and a training run built from it ({@link #aotTraining}):
 * the cache is only valid for the flags it was trained with.
 */
public record DefaultChild(String java, List<String> flags, Path jar, List<String> args) {
    static final List<String> FLAGS = List.of("-XX:+UseSerialGC", "-Xss512k", "-XX:TieredStopAtLevel=1",
            "-Xshare:auto", "--enable-native-access=ALL-UNNAMED");

    public DefaultChild {
        requireNonNull(java, "java is null");
        flags = List.copyOf(flags);
        requireNonNull(jar, "jar is null");
        args = List.copyOf(args);
    }

    /** The default child for this environment: ULTRA_JAVA (else our own java), ULTRA_SRC's bot jar. */
    public static DefaultChild of(Map<String, String> env) {
        String java = env.getOrDefault("ULTRA_JAVA", "");
        if (java.isBlank()) {
            java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }
        return new DefaultChild(java, FLAGS, source(env).resolve("bot/target/bot.jar"), List.of(BotContract.ARG_SUPERVISED));
    }

    /**
     * issue 17: the default keeper, the gateway-keeper jar with the same lean flags; it takes no
     * arguments (its settings come from the environment) and stops on SIGTERM.
     */
    public static DefaultChild keeper(Map<String, String> env) {
        DefaultChild bot = of(env);
        return new DefaultChild(bot.java(), FLAGS, source(env).resolve("gateway-keeper/target/gateway-keeper.jar"),
                List.of());
    }

    public static List<String> command(Map<String, String> env) {
        return of(env).command();
    }

    /** The plain command. */
    public List<String> command() {
        return assemble(flags, List.of(), args);
    }

    /**
     * Started from an AOT cache. JDK 25 refuses {@code -XX:AOTCache} together with any
     * {@code -Xshare} option, so those go.
     */
    public List<String> withAotCache(Path cache) {
        return assemble(withoutXshare(), List.of("-XX:AOTCache=" + cache), args);
    }

    /**
     * A training run that writes the cache to {@code output} when it exits: same flags as
     * {@link #withAotCache}, the bot in its {@code --aot-train} mode (embedded simulator, never
     * the token or Discord), still {@code --supervised} so it dies with us.
     */
    public List<String> aotTraining(Path output) {
        return assemble(withoutXshare(), List.of("-XX:AOTCacheOutput=" + output), List.of(BotContract.ARG_SUPERVISED,
                BotContract.ARG_AOT_TRAIN));
    }

    private List<String> withoutXshare() {
        return flags.stream().filter(f -> !f.startsWith("-Xshare:")).toList();
    }

    private List<String> assemble(List<String> jvmFlags, List<String> extra, List<String> botArgs) {
        List<String> c = new ArrayList<>();
        c.add(java);
        c.addAll(jvmFlags);
        c.addAll(extra);
        c.add("-jar");
        c.add(jar.toString());
        c.addAll(botArgs);
        return List.copyOf(c);
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
