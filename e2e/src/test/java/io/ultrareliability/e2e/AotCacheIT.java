package io.ultrareliability.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The supervisor's JDK 25 AOT cache with the real bot: trained in the background once the bot
 * is healthy, used by the next start, and dropped (then trained again) when the JVM cannot use
 * it. Throughout: one session, a parsable status file, no process left after stop.
 */
class AotCacheIT {
    /** A training run here: bot start (~4 s loaded) plus the JDK's cache dump (~5-15 s). */
    private static final Duration TRAINED = Duration.ofSeconds(150);
    private static final Duration RECOVERY = Duration.ofSeconds(60);

    @Test
    void theBotIsTrainedThenStartsFromTheCacheAndABrokenCacheIsReplaced() throws Exception {
        // The bot runs on the test's JDK (E2e.JAVA); the cache needs 25+, the project 21+.
        assumeTrue(Runtime.version().feature() >= 25,
                "the AOT cache needs JDK 25+; this is " + Runtime.version().feature() + " (reported as skipped)");
        try (Stack stack = Stack.builder("aot").aotCache().start();
                SessionSampler sampler = new SessionSampler(stack.sim, stack.token);
                StatusFileReader reader = new StatusFileReader(stack.statusFile())) {
            Path cache = stack.home.resolve("run/bot.aot");
            long first = stack.childPid();
            assertThat(Procs.cmdline(first)).as("the first start has no cache yet").doesNotContain("-XX:AOTCache")
                    .contains("-Xshare:auto");

            stack.awaitTrue(TRAINED, "the AOT cache trained (run/bot.aot and its key)", stack::aotCacheReady);
            stack.awaitTrue(RECOVERY, "the supervisor to log the cache ready",
                    () -> stack.supervisorLog().contains("AOT cache ready after"));
            assertThat(stack.childPid()).as("training never touches the running bot").isEqualTo(first);

            Drills.Timing fromCache = Drills.processSignal(stack, "kill -9", "KILL", RECOVERY);
            String cmdline = Procs.cmdline(fromCache.newPid());
            assertThat(cmdline).contains("-XX:AOTCache=" + cache).doesNotContain("-Xshare");
            stack.awaitTrue(RECOVERY, "the supervisor to log the start from the cache",
                    () -> stack.supervisorLog().contains("child " + fromCache.newPid() + " started from the AOT cache"));
            stack.awaitTrue(RECOVERY, "supervisor.aot_cache ready and in use in the status file", () -> {
                var a = stack.status() == null ? null : stack.status().path("supervisor").path("aot_cache");
                return a != null && a.path("state").asText().equals("ready") && a.path("in_use").asBoolean();
            });

            // A cache the JVM cannot map: it says so with [error][aot] and runs without it. Put in
            // place by rename, as the supervisor does: writing into the file the live bot has
            // mapped crashes that JVM (seen here: hs_err, SIGBUS), which is not the fault under test.
            Path garbage = cache.resolveSibling("garbage.tmp");
            Files.writeString(garbage, "not an AOT cache");
            Files.move(garbage, cache, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Drills.Timing broken = Drills.processSignal(stack, "kill -9, broken cache", "KILL", RECOVERY);
            assertThat(Procs.cmdline(broken.newPid())).contains("-XX:AOTCache=");
            stack.awaitTrue(RECOVERY, "the supervisor to drop the broken cache",
                    () -> stack.supervisorLog().contains("the JVM could not use the AOT cache"));
            stack.awaitTrue(TRAINED, "a new cache trained after the broken one", () -> stack.aotCacheReady()
                    && sizeOf(cache) > 1 << 20);

            assertThat(sampler.max()).as("sessions at once (worst %s)", sampler.worst()).isLessThanOrEqualTo(1);
            assertThat(reader.parseFailures()).as("status parse failures: %s", reader.firstFailure()).isZero();
            assertThat(stack.botLog()).doesNotContain(stack.token);
            assertThat(stack.terminateSupervisor(Duration.ofSeconds(30))).isZero();
            stack.assertNoOrphans(Duration.ofSeconds(5));
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
