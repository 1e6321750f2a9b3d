package io.ultrareliability.supervisor.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrareliability.supervisor.core.SystemScheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Any thread of ours that dies ends the process with 70 (here: the injected halt). */
class InternalFailureTest {
    private final CompletableFuture<Integer> halted = new CompletableFuture<>();
    private final Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();

    @AfterEach
    void restore() {
        Thread.setDefaultUncaughtExceptionHandler(before);
    }

    @Test
    void aPlainThreadThatDiesHalts() throws Exception {
        InternalFailure.install(halted::complete);
        Thread t = new Thread(() -> {
            throw new IllegalStateException("boom");
        }, "status-writer");
        t.start();
        assertThat(halted.get(10, TimeUnit.SECONDS)).isEqualTo(70);
    }

    @Test
    void anExecutorWorkerKilledByATaskHalts() throws Exception {
        InternalFailure.install(halted::complete);
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try {
            ex.execute(() -> {
                throw new OutOfMemoryError("Java heap space (simulated)");
            });
            assertThat(halted.get(10, TimeUnit.SECONDS)).isEqualTo(70);
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void anErrorInALoopTaskHaltsThoughTheExecutorWouldKeepItInAFuture() throws Exception {
        InternalFailure.install(halted::complete);
        try (SystemScheduler loop = new SystemScheduler("test-loop")) {
            loop.schedule(Duration.ofMillis(1), () -> {
                throw new StackOverflowError("simulated");
            });
            assertThat(halted.get(10, TimeUnit.SECONDS)).isEqualTo(70);
        }
    }

    @Test
    void anExceptionInALoopTaskIsLoggedAndTheLoopGoesOn() throws Exception {
        InternalFailure.install(halted::complete);
        CompletableFuture<Boolean> next = new CompletableFuture<>();
        try (SystemScheduler loop = new SystemScheduler("test-loop")) {
            loop.execute(() -> {
                throw new IllegalStateException("a bug in one task");
            });
            loop.execute(() -> next.complete(true));
            assertThat(next.get(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(halted).isNotDone();
    }
}
