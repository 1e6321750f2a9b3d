package io.ultrareliability.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Rows of the matrix that share one stack, in order: the stack starts before the first row,
 * {@link Watchers} check every row's invariants (one session at most, the status file always
 * parses), and after the last row a SIGTERM must stop the supervisor (exit 0) leaving no
 * process and no open session behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class OneStackPerClass {
    protected Stack stack;
    private Watchers watchers;

    /** The stack these rows run on (not yet started). */
    protected abstract Stack.Builder newStack();

    /** Called once the stack is healthy, before the first row. */
    protected void started() {
    }

    @BeforeAll
    final void startStack() throws Exception {
        stack = newStack().start();
        watchers = new Watchers(stack);
        started();
    }

    @AfterEach
    final void invariants(TestInfo info) {
        watchers.checkAndRenew(info.getDisplayName());
    }

    @AfterAll
    final void stopStack() throws Exception {
        try {
            if (watchers != null) {
                watchers.close();
            }
            if (stack != null && stack.supervisor() != null && stack.supervisor().isAlive()) {
                assertThat(stack.terminateSupervisor(Duration.ofSeconds(20))).as("supervisor exit after SIGTERM").isZero();
                stack.assertNoOrphans(Duration.ofSeconds(5));
                assertThat(stack.sim.sessionsOf(stack.token)).as("sessions after stop").isZero();
            }
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }
}
