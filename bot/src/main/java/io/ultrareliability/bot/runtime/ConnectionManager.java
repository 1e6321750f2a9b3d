package io.ultrareliability.bot.runtime;

import io.ultrareliability.bot.connection.ConnectionEvents;
import io.ultrareliability.bot.connection.Decision;
import io.ultrareliability.bot.connection.Overseer;
import io.ultrareliability.bot.health.HealthServer;
import io.ultrareliability.bot.health.HealthState;
import io.ultrareliability.common.BotContract;
import net.dv8tion.jda.api.JDA;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Runs the {@link Overseer} for real: one thread owns it (no locks), JDA's listeners post
 * their events to that thread, and each decision is carried out here (build a fresh instance,
 * throw one away, exit). No fixed beat: after every task the loop asks for the next deadline
 * ({@link Overseer#nextDeadline()}) and sets one wake-up for it; an idle, healthy bot wakes
 * about once per heartbeat timeout, not ten times a second.
 */
public final class ConnectionManager implements ConnectionEvents, HealthServer.Reconnector {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionManager.class);

    /** One JDA instance with what belongs to it. */
    public interface Instance {
        /** For the health state's guild count and latency; may be null in tests. */
        JDA jda();

        /** True when its gateway session is already up (its CONNECTED may have come early). */
        boolean connected();

        /** Drop it at once (shutdownNow), from any thread. */
        void discard();

        /** Close the gateway cleanly, waiting at most {@code timeout}. */
        void close(Duration timeout);
    }

    /** Builds a fresh instance for a generation (blocking: REST login). */
    public interface Launcher {
        Instance launch(int generation, ConnectionEvents events) throws LaunchException;

        /**
         * {@code generation} has been given up: it must never open or keep a gateway
         * connection, even if its login is still running. Called on the manager's thread.
         */
        default void retire(int generation) {
        }
    }

    /** Leaves the process. */
    public interface Exiter {
        void exit(int code, String reason);
    }

    private final Overseer overseer;
    private final Launcher launcher;
    private final HealthState health;
    private final LongSupplier millis;
    private final ScheduledExecutorService loop;
    private final ExecutorService builders;
    private final Exiter exiter;
    private final int maxAttempts;
    private final Wakeup wakeup;

    private final AtomicLong latestActivity = new AtomicLong(Long.MIN_VALUE);
    private Instance current;
    private int currentGeneration;
    /** Every generation up to this one was given up (loop thread only). */
    private int retiredUpTo;
    /** Where the last IDENTIFY budget wait was to end, so its early end is noticed (loop thread only). */
    private long identifyHeldUntil = Long.MIN_VALUE;

    public ConnectionManager(Overseer overseer, Launcher launcher, HealthState health, LongSupplier millis,
                             ScheduledExecutorService loop, ExecutorService builders, Exiter exiter,
                             int maxAttempts) {
        this(overseer, launcher, health, millis, loop, builders, exiter, maxAttempts, (deadline, task) ->
                loop.schedule(task, Math.max(0, deadline - millis.getAsLong()), TimeUnit.MILLISECONDS));
    }

    ConnectionManager(Overseer overseer, Launcher launcher, HealthState health, LongSupplier millis,
                      ScheduledExecutorService loop, ExecutorService builders, Exiter exiter,
                      int maxAttempts, Wakeup.Timer timer) {
        this.overseer = requireNonNull(overseer, "overseer is null");
        this.launcher = requireNonNull(launcher, "launcher is null");
        this.health = requireNonNull(health, "health is null");
        this.millis = requireNonNull(millis, "millis is null");
        this.loop = requireNonNull(loop, "loop is null");
        this.builders = requireNonNull(builders, "builders is null");
        this.exiter = requireNonNull(exiter, "exiter is null");
        this.maxAttempts = maxAttempts;
        this.wakeup = new Wakeup(timer);
    }

    public void start() {
        // A wait for the IDENTIFY budget can begin and end between two deadlines: look at once.
        health.onIdentifyBudget(() -> post(() -> tick(millis.getAsLong())));
        post(() -> apply(overseer.start(millis.getAsLong())));
    }

    // ---- events from the listeners (any thread) -------------------------------------------

    @Override
    public void connected(int generation) {
        post(() -> apply(overseer.connected(generation, millis.getAsLong())));
    }

    @Override
    public void disconnected(int generation, int closeCode, boolean byServer) {
        post(() -> apply(overseer.disconnected(generation, millis.getAsLong(), closeCode, byServer)));
    }

    @Override
    public void shutDown(int generation, int closeCode) {
        post(() -> apply(overseer.shutDown(generation, millis.getAsLong(), closeCode)));
    }

    /**
     * Called for every heartbeat ACK and dispatch, possibly thousands a second: no task per
     * call, just the latest time, handed to the overseer at the next tick.
     */
    @Override
    public void activity(int generation) {
        if (health.isCurrent(generation)) {
            latestActivity.accumulateAndGet(millis.getAsLong(), Math::max);
        }
    }

    /** POST /reconnect. */
    @Override
    public int reconnect() throws InterruptedException {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        post(() -> {
            LOG.warn("Reconnect requested over HTTP: throwing the current instance away");
            apply(overseer.forceReconnect(millis.getAsLong()));
            done.complete(overseer.generation());
        });
        try {
            return done.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the connection manager did not answer", e);
        }
    }

    /** SIGTERM / supervisor gone: close the gateway cleanly within {@code timeout}. */
    public void stop(Duration timeout) {
        CompletableFuture<Instance> toClose = new CompletableFuture<>();
        try {
            post(() -> {
                overseer.stopping(millis.getAsLong());
                publish();
                Instance i = current;
                current = null;
                toClose.complete(i);
            });
            Instance i = toClose.get(Math.max(1, timeout.toMillis() / 2), TimeUnit.MILLISECONDS);
            if (i != null) {
                LOG.info("Closing the gateway connection");
                i.close(timeout.dividedBy(2));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            LOG.warn("Connection manager did not stop in time: {}", e.toString());
        } finally {
            post(() -> {
                overseer.stopped(millis.getAsLong());
                publish();
            });
            loop.shutdown();
            builders.shutdownNow();
        }
    }

    // ---- on the loop thread ------------------------------------------------------------------

    private void post(Runnable task) {
        try {
            loop.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("Connection manager task failed", e);
                }
                try {
                    rearm(); // after every task, failed or not: the deadlines must keep being watched
                } catch (RuntimeException e) {
                    LOG.error("Connection manager could not set its next wake-up", e);
                }
            });
        } catch (RejectedExecutionException e) {
            // stopping: late events are of no interest
        }
    }

    /**
     * Hands the overseer what arrived since (activity, a wait for the IDENTIFY budget) and checks
     * its deadlines. Harmless at any time: before a deadline it decides nothing.
     */
    private void tick(long now) {
        overseer.activity(overseer.generation(), latestActivity.get());
        holdForIdentify(now);
        apply(overseer.tick(now));
    }

    /**
     * While the IDENTIFY budget holds the connect back, the connection timeout runs from the end
     * of the wait (issue 13: waiting is not a failed attempt); a wait that ends early (an
     * IDENTIFY let through) ends the hold now.
     */
    private void holdForIdentify(long now) {
        Optional<Duration> left = health.identifyWaitLeft();
        if (left.isPresent()) {
            identifyHeldUntil = now + left.get().toMillis();
            overseer.identifyHeld(identifyHeldUntil);
        } else if (identifyHeldUntil > now) {
            identifyHeldUntil = now;
            overseer.identifyHeld(now);
        }
    }

    /** One wake-up, at the overseer's next deadline; none when nothing is pending. */
    private void rearm() {
        long next = overseer.nextDeadline();
        wakeup.set(next, () -> post(() -> {
            wakeup.fired(next);
            tick(millis.getAsLong());
        }));
    }

    private void apply(Decision decision) {
        switch (decision) {
            case Decision.None none -> {
                // nothing to do
            }
            case Decision.StartFresh start -> {
                discardCurrent();
                currentGeneration = start.generation();
                LOG.info("Creating {} JDA instance #{} ({})", start.generation() == 1 ? "the" : "a fresh",
                        start.generation(), start.reason());
                launch(start.generation());
            }
            case Decision.Discard discard -> {
                // State first, then the line: whoever acts on the line sees the instance gone.
                discardCurrent();
                publish();
                LOG.warn("Throwing JDA instance #{} away: {}. Fresh instance in {} ms (failure {} of {} in a row)",
                        discard.generation(), discard.reason(), discard.delayMillis(), overseer.failuresInRow(),
                        maxAttempts);
            }
            case Decision.Exit exit -> {
                if (exit.code() == BotContract.EXIT_CONFIG) {
                    LOG.error("FATAL: {}. Exiting with code 78 (configuration error; not worth retrying)",
                            exit.reason());
                } else {
                    LOG.error("{}. Exiting with code {} so the supervisor restarts the process", exit.reason(),
                            exit.code());
                }
                publish();
                discardCurrent();
                exiter.exit(exit.code(), exit.reason());
            }
        }
        publish();
    }

    private void launch(int generation) {
        try {
            builders.execute(() -> {
                try {
                    Instance instance = launcher.launch(generation, this);
                    post(() -> adopt(generation, instance));
                } catch (LaunchException e) {
                    LOG.warn("Instance #{} could not start: {}", generation, e.getMessage());
                    post(() -> apply(overseer.buildFailed(generation, millis.getAsLong(), e.getMessage(),
                            e.fatal())));
                } catch (RuntimeException e) {
                    LOG.error("Instance #{} could not start", generation, e);
                    post(() -> apply(overseer.buildFailed(generation, millis.getAsLong(), e.toString(), false)));
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Not launching instance #{}: stopping", generation);
        }
    }

    private void adopt(int generation, Instance instance) {
        if (generation != overseer.generation() || generation <= retiredUpTo || overseer.state().isTerminal()
                || overseer.state() == io.ultrareliability.bot.connection.ConnectionState.STOPPING) {
            LOG.info("Instance #{} finished starting after it was given up; discarding it", generation);
            launcher.retire(generation);
            try {
                builders.execute(instance::discard);
            } catch (RejectedExecutionException e) {
                instance.discard();
            }
            return;
        }
        current = instance;
        health.currentInstance(instance.jda(), generation);
        apply(overseer.instanceBuilt(generation, millis.getAsLong()));
        // its CONNECTED may have been reported before it was adopted
        if (instance.connected()) {
            apply(overseer.connected(generation, millis.getAsLong()));
        }
    }

    private void discardCurrent() {
        Instance i = current;
        current = null;
        health.retire(currentGeneration);
        launcher.retire(currentGeneration);
        retiredUpTo = Math.max(retiredUpTo, currentGeneration);
        if (i != null) {
            // shutdownNow closes a socket: keep it off the loop thread
            try {
                builders.execute(i::discard);
            } catch (RejectedExecutionException e) {
                i.discard();
            }
        }
    }

    private void publish() {
        health.overseer(overseer.state(), overseer.generation(), overseer.failuresInRow(),
                overseer.freshInstances(), overseer.lastFailure());
    }
}
