package io.ultrareliability.supervisor.testkit;

import io.ultrareliability.supervisor.status.ChildState;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import io.ultrareliability.supervisor.status.SupervisorState;
import java.time.Instant;
import java.util.List;

/** Small status documents for tests that need one but not its details. */
public final class StatusFixtures {
    public static final Instant T = Instant.parse("2026-11-23T12:00:00Z");

    private StatusFixtures() {
    }

    /** A supervisor (pid 1) with a bot in {@code state} (pid 0: none) and no keeper. */
    public static StatusSnapshot bot(long pid, ChildState state) {
        return new StatusSnapshot(T, new StatusSnapshot.Supervisor(1, SupervisorState.RUNNING, T, "test"),
                new StatusSnapshot.Child(pid, state, pid > 0 ? T : null, 0, 0, null, null, List.of(),
                        StatusSnapshot.Health.NONE, new StatusSnapshot.Memory(-1, 0, 0)),
                new StatusSnapshot.Backoff(0, 0, false, null), List.of());
    }
}
