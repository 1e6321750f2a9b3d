package io.ultrareliability.supervisor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.supervisor.process.LineSplitter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, row 2: a child writing one 60 MB line without a newline once ran the output
 * reader out of heap; the child then blocked on its pipe while the status said running.
 */
class ChildOutputIT extends OneSupervisorPerTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aSixtyMegabyteLineIsSplitTheChildIsNotBlockedAndTheSupervisorStaysHealthy() throws Exception {
        // The launcher's heap, and what it does on an OutOfMemoryError.
        sup.jvmOptions.add(ItSupport.SUPERVISOR_JVM_ARGS); // the production heap and exit-on-OOM
        sup.config("", "--long-line-mb", "60").start();
        long child = sup.childPid();
        String done = ItSupport.await("the child's line after its 60 MiB line", WAIT, () -> {
            String log = ItSupport.read(home.resolve("logs/bot.log"));
            int i = log.indexOf("LONG LINE DONE");
            return i >= 0 ? log.substring(i, log.indexOf('\n', i)) : null;
        });
        System.out.println("child: " + done);
        assertThat(sup.process.isAlive()).as("supervisor alive").isTrue();
        JsonNode s = sup.awaitRunning(WAIT);
        assertThat(s.path("child").path("pid").asLong()).as("the same child, never restarted").isEqualTo(child);
        assertThat(s.path("restart_history")).isEmpty();
        // 60 MiB went through bot.log, which rotates at 10 MB: count the pieces in every file.
        // Log4j compresses a rotated bot.log.N to .gz in the background and deletes bot.log.N:
        // a file listed can be gone when read, so count again until one pass reads every file.
        long pieces = ItSupport.await("a count of the pieces over a stable set of bot.log files", WAIT, () -> {
            long n = 0;
            try (var files = Files.list(home.resolve("logs"))) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith("bot.log")).toList()) {
                    n += countPieces(f);
                }
            } catch (java.nio.file.NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return n;
        });
        // 60 MiB in 16 KiB pieces: 3840, all but the last with the marker (rotation keeps 5 old files).
        assertThat(pieces).as("split pieces with the marker in bot.log*").isGreaterThan(1000);
        assertThat(sup.supervisorLog()).doesNotContain("OutOfMemoryError").doesNotContain("died");
        assertThat(sup.terminate(Duration.ofSeconds(30))).isZero();
    }

    private static long countPieces(Path f) throws IOException {
        InputStream in = Files.newInputStream(f);
        if (f.toString().endsWith(".gz")) {
            in = new GZIPInputStream(in);
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return r.lines().filter(l -> l.endsWith(LineSplitter.SPLIT_MARKER)).count();
        }
    }
}
