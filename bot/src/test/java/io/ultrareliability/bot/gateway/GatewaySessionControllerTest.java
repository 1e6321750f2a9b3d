package io.ultrareliability.bot.gateway;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.utils.SessionController;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.ultrareliability.bot.identify.IdentifyGovernor;
import io.ultrareliability.common.identify.BudgetPolicy;
import io.ultrareliability.common.identify.IdentifyRecord;
import io.ultrareliability.common.identify.LedgerStore;
import io.ultrareliability.common.identify.SessionStartLimit;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A retired instance never opens (or keeps) a gateway connection. Nodes are fakes and
 * {@code runNode} is called directly, so no thread, socket or sleep is involved.
 */
class GatewaySessionControllerTest {
    private static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");
    private final GenerationFence fence = new GenerationFence();
    private final LedgerStore ledger = LedgerStore.inMemory();
    private final List<IdentifyGovernor.View> views = new CopyOnWriteArrayList<>();
    private final IdentifyGate gate = new IdentifyGate(new IdentifyGovernor(ledger, Optional.empty(),
            new BudgetPolicy(OptionalInt.empty(), Duration.ofSeconds(5), Duration.ofMinutes(1)), 0,
            Clock.fixed(T0, ZoneOffset.UTC), Duration.ofSeconds(5), views::add));
    private GatewaySessionController controller;

    @AfterEach
    void close() {
        if (controller != null) {
            controller.close();
        }
    }

    private GatewaySessionController controller(int generation) {
        controller = new GatewaySessionController("ws://127.0.0.1:1", 1,
                gate, () -> 0L, "test-controller", generation, fence);
        return controller;
    }

    /** Runs {@code node} on a controller of {@code generation}, {@code before} done first; what happened to it. */
    private Counts runOnce(int generation, FakeNode node, Consumer<GatewaySessionController> before) {
        GatewaySessionController c = controller(generation);
        before.accept(c);
        c.runNode(node);
        return node.counts();
    }

    @Test
    void aQueuedNodeOfARetiredGenerationIsNeverRun() {
        assertThat(runOnce(1, new FakeNode(), c -> fence.retire(1))).isEqualTo(new Counts(0, 0));
    }

    @Test
    void anOlderRetiredGenerationDoesNotStopANewerOne() {
        assertThat(runOnce(2, new FakeNode(), c -> fence.retire(1))).isEqualTo(new Counts(1, 0));
    }

    @Test
    void aClosedControllerRunsNoNode() {
        assertThat(runOnce(1, new FakeNode(), GatewaySessionController::close).runs()).isZero();
    }

    @Test
    void anInstanceRetiredWhileConnectingIsShutDownAtOnce() {
        assertThat(runOnce(3, new FakeNode(() -> fence.retire(3)), c -> { })).isEqualTo(new Counts(1, 1));
    }

    @Test
    void aRetiredInstanceDoesNotEvenQueueANode() {
        GatewaySessionController c = controller(1);
        fence.retire(1);
        c.appendSession(new FakeNode());
        // the node took no IDENTIFY slot: the next instance need not wait for it
        assertThat(gate.admit().send()).isTrue();
    }

    @Test
    void anIdentifyIsRecordedWhenSentAndAResumeIsFree() throws Exception {
        GatewaySessionController c = controller(1);
        c.runNode(new FakeNode());
        assertThat(ledger.load().entries()).extracting(IdentifyRecord::at).containsExactly(T0);

        GatewaySessionController resuming = new GatewaySessionController("ws://127.0.0.1:1", 1, gate, () -> 0L,
                "test-resume", 1, fence);
        try {
            resuming.resumeCheck(jda -> true);
            FakeNode node = new FakeNode();
            resuming.runNode(node);
            assertThat(node.runs).hasValue(1);
            assertThat(ledger.load().entries()).hasSize(1);
        } finally {
            resuming.close();
        }
    }

    @Test
    void aConnectThatNeverOpenedItsSocketIsRefunded() throws Exception {
        GatewaySessionController c = controller(1);
        FakeNode node = new FakeNode(() -> {
            throw new IllegalStateException("connection refused");
        });
        c.runNode(node);
        assertThat(node.runs).hasValue(1);
        assertThat(ledger.load().entries()).isEmpty();
    }

    @Test
    void atTheReserveTheNodeWaitsUnchargedAndTheWaitIsPublished() throws Exception {
        // Discord says 2 of 20 left; the default reserve is 10 % of 20 = 2
        ledger.update(l -> l.withLimit(new SessionStartLimit(20, 2, Duration.ofSeconds(90), 1, T0)));
        GatewaySessionController c = controller(1);
        FakeNode node = new FakeNode();

        c.runNode(node);

        assertThat(node.runs).hasValue(0);
        assertThat(ledger.load().entries()).isEmpty();
        assertThat(views).last().satisfies(v -> {
            assertThat(v.waitingUntil()).isEqualTo(T0.plusSeconds(90));
            assertThat(v.remaining()).isEqualTo(2);
            assertThat(v.reason()).contains("reserve of 2");
        });
    }

    @Test
    void manyWaitingConnectsBookNothingAhead() {
        // issue 13: 236 reconnect requests once booked the next IDENTIFY 17.6 minutes away
        assertThat(gate.admit().send()).isTrue();
        for (int i = 0; i < 236; i++) {
            IdentifyGovernor.Admission a = gate.admit();
            assertThat(a.send()).isFalse();
            assertThat(a.delay()).isEqualTo(Duration.ofSeconds(5));
        }
    }

    @Test
    void fenceRetiresEveryGenerationUpToTheHighest() {
        fence.retire(3);
        fence.retire(2);
        assertThat(fence.isRetired(1)).isTrue();
        assertThat(fence.isRetired(3)).isTrue();
        assertThat(fence.isRetired(4)).isFalse();
    }

    /** What a node went through: {@code run} calls, and {@code shutdownNow} calls on its JDA. */
    private record Counts(int runs, int shutdowns) {
    }

    /** A node whose JDA is connecting to the websocket; {@code duringRun} happens inside its run. */
    private static final class FakeNode implements SessionController.SessionConnectNode {
        final AtomicInteger runs = new AtomicInteger();
        final AtomicInteger shutdowns = new AtomicInteger();
        private final Runnable duringRun;
        private final JDA jda;

        FakeNode() {
            this(() -> { });
        }

        FakeNode(Runnable duringRun) {
            this.duringRun = duringRun;
            this.jda = (JDA) Proxy.newProxyInstance(JDA.class.getClassLoader(), new Class<?>[] {JDA.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getStatus" -> JDA.Status.CONNECTING_TO_WEBSOCKET;
                        case "shutdownNow" -> {
                            shutdowns.incrementAndGet();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        case "toString" -> "FakeJDA";
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        Counts counts() {
            return new Counts(runs.get(), shutdowns.get());
        }

        @Override
        public boolean isReconnect() {
            return false;
        }

        @Override
        public JDA getJDA() {
            return jda;
        }

        @Override
        public JDA.ShardInfo getShardInfo() {
            return JDA.ShardInfo.SINGLE;
        }

        @Override
        public void run(boolean isLast) {
            runs.incrementAndGet();
            duringRun.run();
        }
    }
}
