package io.ultrareliability.bot.gateway;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.requests.RestRateLimiter;
import net.dv8tion.jda.api.utils.SessionController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * JDA's session controller for ONE instance. It differs from JDA's default in two ways that
 * matter for recovery time: {@link #getGateway()} returns the gateway we resolved (the default
 * returns Discord's URL whatever the REST base), and a connect node runs as soon as the
 * shared {@link IdentifyGate} allows, instead of always sleeping 5 s after it.
 *
 * <p>Nodes run on a private single thread, so a node blocked in JDA's own reconnect loop only
 * holds up its own instance; {@link #close()} stops that thread when the instance is discarded.
 */
public final class GatewaySessionController implements SessionController, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewaySessionController.class);
    private static final long RETRY_MILLIS = 1_000;

    private final String gatewayUrl;
    private final int shardTotal;
    private final IdentifyGate gate;
    private final LongSupplier millis;
    private final ScheduledExecutorService worker;
    private final RestRateLimiter.GlobalRateLimit globalRateLimit = RestRateLimiter.GlobalRateLimit.create();

    public GatewaySessionController(String gatewayUrl, int shardTotal, IdentifyGate gate, LongSupplier millis,
                                    String threadName) {
        this.gatewayUrl = requireNonNull(gatewayUrl, "gatewayUrl is null");
        this.shardTotal = shardTotal;
        this.gate = requireNonNull(gate, "gate is null");
        this.millis = requireNonNull(millis, "millis is null");
        requireNonNull(threadName, "threadName is null");
        ScheduledThreadPoolExecutor exec = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        exec.setRemoveOnCancelPolicy(true);
        this.worker = exec;
    }

    @Override
    public void appendSession(SessionConnectNode node) {
        long wait = gate.reserve(millis.getAsLong());
        if (wait > 0) {
            LOG.info("Waiting {} ms before IDENTIFY (Discord allows one per identify window)", wait);
        }
        schedule(node, wait);
    }

    private void schedule(SessionConnectNode node, long delayMillis) {
        try {
            worker.schedule(() -> runNode(node), delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Session controller closed; dropping a connect node");
        }
    }

    private void runNode(SessionConnectNode node) {
        JDA.Status status = node.getJDA().getStatus();
        if (status == JDA.Status.SHUTDOWN || status == JDA.Status.SHUTTING_DOWN) {
            return;
        }
        try {
            // isLast = true: start the connection and return; the overseer, not this thread,
            // waits for READY (JDA itself has no READY timeout).
            node.run(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Could not open the gateway connection ({}); retrying in {} ms", oneLine(e), RETRY_MILLIS);
            schedule(node, RETRY_MILLIS);
        }
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        return root.getClass().getSimpleName() + (msg == null ? "" : ": " + msg.lines().findFirst().orElse(""));
    }

    @Override
    public void removeSession(SessionConnectNode node) {
        // Nodes are scheduled, not queued; a removed node's JDA is shut down, and runNode skips it.
    }

    @Override
    public RestRateLimiter.GlobalRateLimit getRateLimitHandle() {
        return globalRateLimit;
    }

    @Override
    public String getGateway() {
        return gatewayUrl;
    }

    @Override
    public ShardedGateway getShardedGateway(JDA api) {
        return new ShardedGateway(gatewayUrl, Math.max(1, shardTotal), 1);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
