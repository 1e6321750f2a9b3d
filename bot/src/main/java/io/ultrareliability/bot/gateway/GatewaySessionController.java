package io.ultrareliability.bot.gateway;

import io.ultrareliability.bot.identify.IdentifyGovernor;
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
 * shared {@link IdentifyGate} allows, instead of always sleeping 5 s after it. A connect that
 * will RESUME does not ask the gate: only IDENTIFYs count against the budget.
 *
 * <p>Nodes run on a private single thread, so a node blocked in JDA's own reconnect loop only
 * holds up its own instance; {@link #close()} stops that thread when the instance is discarded.
 *
 * <p>A retired instance never connects: once its generation is retired in the shared
 * {@link GenerationFence} or {@link #close()} has begun, queued nodes are dropped and no node
 * is run (JDA's {@code SessionConnectNode.run} on a shut-down instance opens a socket that
 * nothing owns). Running a node and closing are mutually exclusive, so when {@code close()}
 * returns no connect is in progress, and the JDA shutdown that follows sees (and closes) any
 * socket a node opened just before.
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
    private final int generation;
    private final GenerationFence fence;
    /** Held while a node runs and while closing: the two never overlap. */
    private final Object runLock = new Object();
    private volatile boolean closed;
    private volatile java.util.function.Predicate<JDA> willResume = GatewaySessionController::holdsSession;

    public GatewaySessionController(String gatewayUrl, int shardTotal, IdentifyGate gate, LongSupplier millis,
                                    String threadName, int generation, GenerationFence fence) {
        this.generation = generation;
        this.fence = requireNonNull(fence, "fence is null");
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
        if (retired()) {
            LOG.info("Instance #{} was given up; not opening a gateway connection for it", generation);
            return;
        }
        // nothing is booked here: the gate is asked when the node's turn comes (see runNode)
        schedule(node, 0);
    }

    /** Test hook: whether this node's connect will RESUME (free) rather than IDENTIFY. */
    void resumeCheck(java.util.function.Predicate<JDA> willResume) {
        this.willResume = requireNonNull(willResume, "willResume is null");
    }

    /** JDA sends RESUME on open when it holds a session id, else IDENTIFY. */
    static boolean holdsSession(JDA jda) {
        return jda instanceof net.dv8tion.jda.internal.JDAImpl impl && impl.getClient() != null
                && impl.getClient().isSession();
    }

    private void schedule(SessionConnectNode node, long delayMillis) {
        try {
            worker.schedule(() -> runNode(node), delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Session controller closed; dropping a connect node");
        }
    }

    /** Package-private for tests: what the worker thread does when a node's turn comes. */
    void runNode(SessionConnectNode node) {
        if (retired()) {
            LOG.info("Instance #{} was given up; dropping its queued gateway connect", generation);
            return;
        }
        IdentifyGovernor.Admission admission = null;
        if (!willResume.test(node.getJDA())) {
            // outside runLock: reading session_start_limit may take a moment, and close() must not wait on it
            admission = gate.admit();
            if (!admission.send()) {
                long wait = Math.max(1, admission.delay().toMillis());
                if (admission.budget()) {
                    LOG.warn("Not identifying for {} ms: {}", wait, admission.reason());
                } else {
                    LOG.info("Waiting {} ms before IDENTIFY: {}", wait, admission.reason());
                }
                schedule(node, wait);
                return;
            }
        }
        synchronized (runLock) {
            if (retired()) {
                LOG.info("Instance #{} was given up; dropping its queued gateway connect", generation);
                gate.notSent(admission);
                return;
            }
            JDA.Status status = node.getJDA().getStatus();
            if (status == JDA.Status.SHUTDOWN || status == JDA.Status.SHUTTING_DOWN) {
                gate.notSent(admission);
                return;
            }
            try {
                // isLast = true: start the connection and return; the overseer, not this thread,
                // waits for READY (JDA itself has no READY timeout).
                node.run(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // the socket never opened, so no IDENTIFY went out: it costs nothing
                gate.notSent(admission);
                LOG.warn("Could not open the gateway connection ({}); retrying in {} ms", oneLine(e), RETRY_MILLIS);
                schedule(node, RETRY_MILLIS);
                return;
            }
            if (fence.isRetired(generation)) {
                // retired while the socket was opening: do not keep the session
                LOG.warn("Instance #{} was given up while connecting; shutting it down", generation);
                node.getJDA().shutdownNow();
            }
        }
    }

    private boolean retired() {
        return closed || fence.isRetired(generation);
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
        closed = true;
        worker.shutdownNow();
        synchronized (runLock) {
            // waits for a node that is connecting right now; no node starts after this
        }
    }
}
