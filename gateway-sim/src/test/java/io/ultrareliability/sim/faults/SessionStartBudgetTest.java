package io.ultrareliability.sim.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SessionStartBudgetTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-30T00:00:00Z"));
    private final InstantSource clock = now::get;
    private final AtomicInteger resets = new AtomicInteger();
    private final SessionStartBudget budget = new SessionStartBudget(clock);

    private void advance(Duration d) {
        now.set(now.get().plus(d));
    }

    @Test
    void decrementsOnEachIdentifyAndTheWindowStartsWithTheFirst() {
        budget.limit(20);
        budget.window(Duration.ofMinutes(2));
        budget.onExhausted(resets::incrementAndGet);
        assertThat(budget.snapshot()).isEqualTo(new SessionStartBudget.Snapshot(20, 20, Duration.ofMinutes(2), 1, false));

        advance(Duration.ofSeconds(30));
        assertThat(budget.take()).isTrue();
        advance(Duration.ofSeconds(30));
        assertThat(budget.take()).isTrue();

        assertThat(budget.snapshot()).isEqualTo(new SessionStartBudget.Snapshot(20, 18, Duration.ofSeconds(90), 1, false));
        advance(Duration.ofSeconds(90));
        assertThat(budget.snapshot().remaining()).isEqualTo(20);
        assertThat(resets).hasValue(0);
    }

    @Test
    void theIdentifyThatUsesTheLastOneResetsTheToken() {
        budget.limit(3);
        budget.onExhausted(resets::incrementAndGet);

        assertThat(budget.take()).isTrue();
        assertThat(budget.take()).isTrue();
        assertThat(resets).hasValue(0);
        assertThat(budget.take()).isFalse();

        assertThat(resets).hasValue(1);
        assertThat(budget.snapshot().exhausted()).isTrue();
        assertThat(budget.snapshot().remaining()).isZero();
        budget.refill();
        assertThat(budget.snapshot()).isEqualTo(new SessionStartBudget.Snapshot(3, 3, Duration.ofHours(24), 1, false));
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> budget.limit(0)).hasMessageContaining("identify limit");
        assertThatThrownBy(() -> budget.window(Duration.ZERO)).hasMessageContaining("identify reset");
    }
}
