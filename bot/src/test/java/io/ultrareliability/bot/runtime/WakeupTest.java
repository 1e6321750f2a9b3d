package io.ultrareliability.bot.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class WakeupTest {
    private final List<Long> armed = new ArrayList<>();
    private final List<CompletableFuture<Void>> handles = new ArrayList<>();
    private final Wakeup wakeup = new Wakeup((deadline, task) -> {
        armed.add(deadline);
        CompletableFuture<Void> f = new CompletableFuture<>();
        handles.add(f);
        return f;
    });

    @Test
    void oneTimerPerDeadlineAndAMovedDeadlineCancelsTheOldOne() {
        wakeup.set(30_000, () -> { });
        wakeup.set(30_000, () -> { });
        assertThat(armed).containsExactly(30_000L);
        wakeup.set(35_000, () -> { });
        assertThat(armed).containsExactly(30_000L, 35_000L);
        assertThat(handles.get(0).isCancelled()).isTrue();
        wakeup.set(Long.MAX_VALUE, () -> { });
        assertThat(handles.get(1).isCancelled()).isTrue();
        assertThat(armed).hasSize(2);
    }

    @Test
    void afterFiringTheSameDeadlineArmsAgainButAStaleFiringChangesNothing() {
        wakeup.set(30_000, () -> { });
        wakeup.fired(30_000);
        wakeup.set(30_000, () -> { });
        assertThat(armed).containsExactly(30_000L, 30_000L);
        wakeup.set(40_000, () -> { });
        wakeup.fired(30_000); // a cancelled one that ran anyway
        wakeup.set(40_000, () -> { });
        assertThat(armed).containsExactly(30_000L, 30_000L, 40_000L);
    }

    @Test
    void aStoppedSchedulerLeavesNothingArmed() {
        int[] tries = {0};
        Wakeup stopped = new Wakeup((deadline, task) -> {
            tries[0]++;
            throw new RejectedExecutionException("shut down");
        });
        stopped.set(30_000, () -> { });
        stopped.set(30_000, () -> { });
        assertThat(tries[0]).as("a refused deadline is not taken for armed").isEqualTo(2);
    }
}
