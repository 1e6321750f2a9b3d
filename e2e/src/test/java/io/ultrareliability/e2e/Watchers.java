package io.ultrareliability.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The invariants every row of the matrix checks on a shared stack: never two sessions for the
 * token (sampled every ~50 ms), the status file always parses (read in a tight loop), and a
 * per-row record of how long recovery took (target/e2e-recovery.csv).
 */
public final class Watchers implements AutoCloseable {
    private final Stack stack;
    private SessionSampler sampler;
    private StatusFileReader reader;

    public Watchers(Stack stack) {
        this.stack = stack;
        this.sampler = new SessionSampler(stack.sim, stack.token);
        this.reader = new StatusFileReader(stack.statusFile());
    }

    /** Asserts the invariants so far, then starts fresh watchers for the next row. */
    public void checkAndRenew(String row) {
        sampler.close();
        reader.close();
        try {
            assertThat(sampler.max()).as("open sessions for the token during %s (worst stats: %s)", row,
                    sampler.worst()).isLessThanOrEqualTo(1);
            assertThat(sampler.samples()).as("session samples during %s", row).isPositive();
            assertThat(reader.parseFailures()).as("status file parse failures during %s: %s", row,
                    reader.firstFailure()).isZero();
            assertThat(reader.missing()).as("reads that found no status file during %s", row).isZero();
            assertThat(reader.reads()).as("status file reads during %s", row).isPositive();
        } finally {
            sampler = new SessionSampler(stack.sim, stack.token);
            reader = new StatusFileReader(stack.statusFile());
        }
    }

    /** Appends "row,ms,bound_ms" to target/e2e-recovery.csv (the figures behind the per-row bounds). */
    public static void record(String row, long ms, Duration bound) {
        try {
            Path csv = Path.of("target", "e2e-recovery.csv");
            if (!Files.exists(csv)) {
                Files.writeString(csv, "row,recovery_ms,bound_ms\n");
            }
            Files.writeString(csv, row + "," + ms + "," + bound.toMillis() + "\n", StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            // a missing figure is not a failure of the stack
        }
    }

    @Override
    public void close() {
        sampler.close();
        reader.close();
    }
}
