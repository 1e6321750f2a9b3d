package io.ultrareliability.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Soak (not in the default run: {@code mvn -pl e2e -am verify -Psoak}, or bench/soak.sh):
 * e2e.soak.kills kill -9 cycles of the bot, then e2e.soak.drops gateway drops, on one stack,
 * with the supervisor's AOT cache trained first (e2e.soak.aot=false: without it).
 * Zero missed recoveries (each within 60 s), never two sessions, the status file always parses;
 * the distribution goes to stdout and target/soak.csv.
 */
class SoakIT {
    private static final Duration BOUND = Duration.ofSeconds(60);

    @Test
    void killsAndDrops() throws Exception {
        int kills = Integer.getInteger("e2e.soak.kills", 200);
        int drops = Integer.getInteger("e2e.soak.drops", 200);
        List<Drills.Timing> killTimes = new ArrayList<>();
        List<Drills.Timing> dropTimes = new ArrayList<>();
        // The production default on JDK 25+: the bot restarts from the supervisor's AOT cache.
        boolean aot = Boolean.parseBoolean(System.getProperty("e2e.soak.aot", "true")) && Runtime.version().feature() >= 25;
        Stack.Builder builder = Stack.builder("soak");
        if (aot) {
            builder.aotCache();
        }
        try (Stack stack = builder.start();
                SessionSampler sampler = new SessionSampler(stack.sim, stack.token);
                StatusFileReader reader = new StatusFileReader(stack.statusFile())) {
            if (aot) {
                stack.awaitTrue(Duration.ofSeconds(180), "the supervisor's AOT cache", stack::aotCacheReady);
            }
            for (int i = 0; i < kills; i++) {
                killTimes.add(Drills.processSignal(stack, "kill -9", "KILL", BOUND));
            }
            for (int i = 0; i < drops; i++) {
                dropTimes.add(Drills.gateway(stack, "drop", "drop", BOUND));
            }
            String report = "AOT cache: " + (aot ? "on" : "off") + "\n" + summary("kill -9", killTimes) + "\n"
                    + summary("gateway drop", dropTimes);
            System.out.println(report);
            write(killTimes, dropTimes, report + "\nmax sessions at once: " + sampler.max()
                    + ", session samples: " + sampler.samples() + ", status reads: " + reader.reads()
                    + ", parse failures: " + reader.parseFailures());
            assertThat(killTimes).hasSize(kills);
            assertThat(dropTimes).hasSize(drops);
            assertThat(killTimes).allSatisfy(t -> assertThat(t.newPid()).isNotEqualTo(t.oldPid()));
            assertThat(sampler.max()).as("sessions at once (worst %s)", sampler.worst()).isLessThanOrEqualTo(1);
            assertThat(reader.parseFailures()).as("status parse failures: %s", reader.firstFailure()).isZero();
            assertThat(stack.terminateSupervisor(Duration.ofSeconds(20))).isZero();
            stack.assertNoOrphans(Duration.ofSeconds(5));
        }
    }

    static String summary(String what, List<Drills.Timing> times) {
        long[] h = times.stream().mapToLong(Drills.Timing::healthyMs).sorted().toArray();
        long[] d = times.stream().mapToLong(Drills.Timing::detectMs).sorted().toArray();
        if (h.length == 0) {
            return what + ": no cycles";
        }
        return String.format("%s: %d cycles, healthy again min %d / median %d / p95 %d / max %d ms;"
                + " detected median %d / p95 %d ms", what, h.length, h[0], rank(h, 0.5), rank(h, 0.95), h[h.length - 1],
                rank(d, 0.5), rank(d, 0.95));
    }

    private static long rank(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static void write(List<Drills.Timing> kills, List<Drills.Timing> drops, String report) throws IOException {
        StringBuilder csv = new StringBuilder("fault,cycle,detect_ms,healthy_ms\n");
        for (List<Drills.Timing> list : Arrays.asList(kills, drops)) {
            for (int i = 0; i < list.size(); i++) {
                Drills.Timing t = list.get(i);
                csv.append(t.fault()).append(',').append(i + 1).append(',').append(t.detectMs()).append(',')
                        .append(t.healthyMs()).append('\n');
            }
        }
        Files.writeString(Path.of("target", "soak.csv"), csv);
        Files.writeString(Path.of("target", "soak.txt"), report + "\n");
    }
}
