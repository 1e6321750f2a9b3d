package io.ultrareliability.supervisor.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A child whose start outlasts the launch timeout is killed, whole group, once it appears (real processes). */
class LateSpawnTest {
    @TempDir
    Path dir;

    @Test
    void aSpawnThatAppearsAfterTheTimeoutIsKilledWithItsGroup() throws Exception {
        CompletableFuture<Long> killed = new CompletableFuture<>();
        CommonsExecLauncher launcher = new CommonsExecLauncher(CommonsExecLauncher.defaultSetsid(), 1024,
                Duration.ofMillis(200), LateSpawnTest::slowFork, killed::complete);
        // The child starts a grandchild in its own group, then sleeps: both must go.
        ChildSpec spec = new ChildSpec(List.of("/bin/sh", "-c", "sleep 600 & exec sleep 601"), dir, Map.of());

        assertThatThrownBy(() -> launcher.launch(spec, line -> { }))
                .isInstanceOf(IOException.class).hasMessage("starting /bin/sh took over 200 ms");

        long pid = killed.get(20, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((ProcFs.groupMembers(pid).size() > 0 || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ProcFs.groupMembers(pid)).as("nothing of the late child's group survives").isEmpty();
    }

    private static void slowFork() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
