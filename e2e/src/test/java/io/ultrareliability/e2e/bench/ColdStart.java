package io.ultrareliability.e2e.bench;

import io.ultrareliability.e2e.Drills.Timing;
import io.ultrareliability.e2e.E2e;
import io.ultrareliability.e2e.SimProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The physical floor: the bot launched directly (no supervisor) against a simulator, from
 * process start to /health 200. Also trains and measures class-data sharing: AppCDS
 * ({@code -XX:ArchiveClassesAtExit}/{@code -XX:SharedArchiveFile}) and the JDK 25 AOT cache
 * ({@code -XX:AOTCacheOutput}/{@code -XX:AOTCache}).
 */
final class ColdStart {
    /** The supervisor's default child flags (supervisor/config/DefaultChild), before -jar. */
    static final List<String> DEFAULT_FLAGS = List.of("-XX:+UseSerialGC", "-Xss512k", "-XX:TieredStopAtLevel=1",
            "-Xshare:auto", "--enable-native-access=ALL-UNNAMED");
    static final String TOKEN = "bench-cold-token";

    private final int rounds;
    private final Path dir;
    private final List<String> notes = new ArrayList<>();
    private Path aotCache;

    ColdStart(int rounds) throws IOException {
        this.rounds = rounds;
        this.dir = Files.createDirectories(Path.of("target", "bench").toAbsolutePath());
    }

    List<String> notes() {
        return notes;
    }

    /** The AOT cache trained by {@link #measureCaches()}, or null. */
    Path aotCache() {
        return aotCache;
    }

    /**
     * The default child flags plus extra ones. JDK 25 refuses -XX:AOTCache / -XX:AOTCacheOutput
     * together with any -Xshare option, so the default -Xshare:auto goes when an AOT flag is there.
     */
    static List<String> flags(List<String> extraFlags) {
        boolean aot = extraFlags.stream().anyMatch(f -> f.startsWith("-XX:AOTCache"));
        List<String> flags = new ArrayList<>(DEFAULT_FLAGS.stream().filter(f -> !(aot && f.startsWith("-Xshare"))).toList());
        flags.addAll(extraFlags);
        return flags;
    }

    List<Timing> measure(List<String> extraFlags) throws Exception {
        try (SimProcess sim = SimProcess.start(dir.resolve("cold-sim"), List.of(TOKEN))) {
            List<Timing> out = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                out.add(new Timing("cold start", -1, startToHealthy(sim, extraFlags, Duration.ZERO), -1, -1));
            }
            return out;
        }
    }

    Map<String, List<Timing>> measureCaches() throws Exception {
        Map<String, List<Timing>> r = new LinkedHashMap<>();
        Path jsa = dir.resolve("bot.jsa");
        Path aot = dir.resolve("bot.aot");
        Files.deleteIfExists(jsa);
        Files.deleteIfExists(aot);
        try (SimProcess sim = SimProcess.start(dir.resolve("train-sim"), List.of(TOKEN))) {
            startToHealthy(sim, List.of("-XX:ArchiveClassesAtExit=" + jsa), Duration.ofSeconds(3));
            startToHealthy(sim, List.of("-XX:AOTCacheOutput=" + aot), Duration.ofSeconds(3));
        }
        if (Files.isRegularFile(jsa)) {
            r.put("floor: bot cold start, AppCDS archive", measure(List.of("-XX:SharedArchiveFile=" + jsa)));
            notes.add("AppCDS: train -XX:ArchiveClassesAtExit=bot.jsa (start, connect, 3 s, SIGTERM), run"
                    + " -XX:SharedArchiveFile=bot.jsa; archive " + Files.size(jsa) / (1024 * 1024) + " MiB");
        } else {
            notes.add("AppCDS: no archive was written");
        }
        if (Files.isRegularFile(aot)) {
            aotCache = aot;
            r.put("floor: bot cold start, JDK 25 AOT cache", measure(List.of("-XX:AOTCache=" + aot)));
            notes.add("AOT cache: train -XX:AOTCacheOutput=bot.aot (start, connect, 3 s, SIGTERM), run"
                    + " -XX:AOTCache=bot.aot; cache " + Files.size(aot) / (1024 * 1024) + " MiB");
        } else {
            notes.add("AOT cache: no cache was written (JDK older than 25?)");
        }
        return r;
    }

    /** Starts the bot, returns ms to /health 200; lingers, then SIGTERM and waits for the exit. */
    private long startToHealthy(SimProcess sim, List<String> extraFlags, Duration linger) throws Exception {
        int port = E2e.freePort();
        List<String> cmd = new ArrayList<>(List.of(E2e.JAVA));
        cmd.addAll(flags(extraFlags));
        cmd.addAll(List.of("-jar", E2e.jar("bot").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DISCORD_") || k.startsWith("BOT_"));
        pb.environment().put("DISCORD_TOKEN", TOKEN);
        pb.environment().put("DISCORD_API_BASE_URL", sim.restBase());
        pb.environment().put("BOT_HEALTH_PORT", Integer.toString(port));
        pb.redirectOutput(dir.resolve("cold-bot.out").toFile()).redirectErrorStream(true);
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            long deadline = t0 + Duration.ofSeconds(60).toNanos();
            String url = "http://127.0.0.1:" + port + "/health";
            while (E2e.get(url, Duration.ofSeconds(1)).status() != 200) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the bot did not get healthy: " + E2e.read(dir.resolve("cold-bot.out")));
                }
                E2e.sleepMs(5);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (!linger.isZero()) {
                E2e.sleepMs(linger.toMillis());
            }
            return ms;
        } finally {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            E2e.sleepMs(200);
        }
    }
}
