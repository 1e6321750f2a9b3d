package io.ultrareliability.sim.jda;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.annotation.Nonnull;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.utils.SessionController;

/**
 * Points JDA at the simulator and starts sessions at once (JDA's default controller waits 5 s
 * after every IDENTIFY, which would only slow the tests down).
 */
public final class ImmediateSessionController implements SessionController {
    private final String gatewayUrl;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sim-session-controller");
        t.setDaemon(true);
        return t;
    });

    public ImmediateSessionController(String gatewayUrl) {
        this.gatewayUrl = requireNonNull(gatewayUrl, "gatewayUrl is null");
    }

    @Override
    public void appendSession(@Nonnull SessionConnectNode node) {
        worker.execute(() -> {
            try {
                node.run(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public void removeSession(@Nonnull SessionConnectNode node) {
        // Nodes run at once; nothing is queued.
    }

    @Nonnull
    @Override
    public String getGateway() {
        return gatewayUrl;
    }

    @Nonnull
    @Override
    public ShardedGateway getShardedGateway(@Nonnull JDA api) {
        return new ShardedGateway(gatewayUrl, 1, 1);
    }

    public void shutdown() {
        worker.shutdownNow();
    }
}
