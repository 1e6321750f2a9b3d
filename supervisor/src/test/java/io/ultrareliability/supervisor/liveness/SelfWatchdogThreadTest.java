package io.ultrareliability.supervisor.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SelfWatchdogThreadTest {
    @Test
    void haltsWith70OnceSupervisionStaysLateForTheGrace() throws Exception {
        AtomicLong now = new AtomicLong();
        ProgressTracker.Verdict late = new ProgressTracker.Verdict(false, List.of("status writer stuck for 21s"));
        CompletableFuture<Integer> halted = new CompletableFuture<>();
        // Each look advances the fake clock by 10 s: the third late look is 30 s after the first.
        Thread t = SelfWatchdogThread.start(new SelfWatchdog(Duration.ofSeconds(30)), () -> late,
                () -> now.getAndAdd(10_000_000_000L), Duration.ofMillis(1), halted::complete);
        assertEquals(InternalFailure.EXIT_CODE, halted.get(10, TimeUnit.SECONDS));
        t.join(10_000);
        assertTrue(!t.isAlive(), "the watchdog thread ends after halting");
        assertEquals(40_000_000_000L, now.get(), "halted at the fourth look (0, 10, 20, 30 s)");
    }

    @Test
    void neverHaltsWhileSupervising() throws Exception {
        CompletableFuture<Integer> halted = new CompletableFuture<>();
        AtomicLong looks = new AtomicLong();
        ProgressTracker.Verdict ok = new ProgressTracker.Verdict(true, List.of());
        Thread t = SelfWatchdogThread.start(new SelfWatchdog(Duration.ofSeconds(30)), () -> {
            looks.incrementAndGet();
            return ok;
        }, () -> looks.get() * 60_000_000_000L, Duration.ofMillis(1), halted::complete);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (looks.get() < 20 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        t.interrupt();
        t.join(10_000);
        assertTrue(looks.get() >= 20, "looked " + looks.get() + " times in 10 s");
        assertTrue(!halted.isDone(), "halted although supervising");
        assertTrue(!t.isAlive(), "an interrupt stops the thread");
    }
}
