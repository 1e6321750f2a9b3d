package io.ultrareliability.bot.gateway;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.utils.SessionController;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A retired instance never opens (or keeps) a gateway connection. Nodes are fakes and
 * {@code runNode} is called directly, so no thread, socket or sleep is involved.
 */
class GatewaySessionControllerTest {
    private final GenerationFence fence = new GenerationFence();
    private final IdentifyGate gate = new IdentifyGate(Duration.ofSeconds(5), 1);
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

    @Test
    void aQueuedNodeOfARetiredGenerationIsNeverRun() {
        GatewaySessionController c = controller(1);
        FakeNode node = new FakeNode(JDA.Status.CONNECTING_TO_WEBSOCKET);
        fence.retire(1);

        c.runNode(node);

        assertThat(node.runs).hasValue(0);
        assertThat(node.shutdowns).hasValue(0);
    }

    @Test
    void anOlderRetiredGenerationDoesNotStopANewerOne() {
        GatewaySessionController c = controller(2);
        FakeNode node = new FakeNode(JDA.Status.CONNECTING_TO_WEBSOCKET);
        fence.retire(1);

        c.runNode(node);

        assertThat(node.runs).hasValue(1);
        assertThat(node.shutdowns).hasValue(0);
    }

    @Test
    void aClosedControllerRunsNoNode() {
        GatewaySessionController c = controller(1);
        FakeNode node = new FakeNode(JDA.Status.CONNECTING_TO_WEBSOCKET);
        c.close();

        c.runNode(node);

        assertThat(node.runs).hasValue(0);
    }

    @Test
    void anInstanceRetiredWhileConnectingIsShutDownAtOnce() {
        GatewaySessionController c = controller(3);
        FakeNode node = new FakeNode(JDA.Status.CONNECTING_TO_WEBSOCKET);
        node.duringRun = () -> fence.retire(3);

        c.runNode(node);

        assertThat(node.runs).hasValue(1);
        assertThat(node.shutdowns).hasValue(1);
    }

    @Test
    void aRetiredInstanceDoesNotEvenQueueANode() {
        GatewaySessionController c = controller(1);
        fence.retire(1);
        c.appendSession(new FakeNode(JDA.Status.CONNECTING_TO_WEBSOCKET));
        // the node took no IDENTIFY slot: the next instance need not wait for it
        assertThat(gate.reserve(0)).isZero();
    }

    @Test
    void fenceRetiresEveryGenerationUpToTheHighest() {
        fence.retire(3);
        fence.retire(2);
        assertThat(fence.isRetired(1)).isTrue();
        assertThat(fence.isRetired(3)).isTrue();
        assertThat(fence.isRetired(4)).isFalse();
    }

    private static final class FakeNode implements SessionController.SessionConnectNode {
        final AtomicInteger runs = new AtomicInteger();
        final AtomicInteger shutdowns = new AtomicInteger();
        Runnable duringRun = () -> { };
        private final JDA jda;

        FakeNode(JDA.Status status) {
            this.jda = (JDA) Proxy.newProxyInstance(JDA.class.getClassLoader(), new Class<?>[] {JDA.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getStatus" -> status;
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
