package io.ultrareliability.supervisor.daemon;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.common.Durations;
import io.ultrareliability.supervisor.core.ChildState;
import io.ultrareliability.supervisor.core.Scheduler;
import io.ultrareliability.supervisor.core.Supervisor;
import io.ultrareliability.supervisor.core.SupervisorListener;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The programs the daemon supervises, each by its own {@link Supervisor} (issue 17): the keeper
 * (optional) and the bot. Start: the keeper first, the bot once the keeper is running (healthy),
 * or once the keeper's startup grace is over without that (the bot then retries its gateway
 * connection by itself). Shutdown: the bot first, then the keeper, so the bot never sees its
 * gateway vanish; when {@code stop} asked for it, the keeper ends the Discord session before it
 * is stopped ({@link SessionEnd}).
 */
final class ProgramPair {
    private static final Logger LOG = LoggerFactory.getLogger(ProgramPair.class);

    private final Supervisor bot;
    private final Supervisor keeper;
    private final Duration keeperGrace;
    private final Scheduler loop;
    private final BooleanSupplier endSession;
    private final Runnable endSessionAction;
    private final AtomicBoolean botStarted = new AtomicBoolean();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private CompletableFuture<Void> stopping;

    /**
     * @param keeper null: the bot alone, exactly as before the keeper
     * @param endSession asked at shutdown, after the bot is down: whether to end the session
     * @param endSessionAction ends it (a blocking HTTP call; run on a thread of its own)
     */
    ProgramPair(Supervisor bot, Supervisor keeper, Duration keeperGrace, Scheduler loop, BooleanSupplier endSession,
            Runnable endSessionAction) {
        this.bot = requireNonNull(bot, "bot is null");
        this.keeper = keeper;
        this.keeperGrace = requireNonNull(keeperGrace, "keeperGrace is null");
        this.loop = requireNonNull(loop, "loop is null");
        this.endSession = requireNonNull(endSession, "endSession is null");
        this.endSessionAction = requireNonNull(endSessionAction, "endSessionAction is null");
        if (keeper != null) {
            keeper.addListener(new SupervisorListener() {
                @Override
                public void onStateChange(ChildState from, ChildState to, StatusSnapshot snapshot) {
                    if (to == ChildState.RUNNING) {
                        startBot("the keeper is running");
                    }
                }
            });
        }
    }

    void start() {
        if (keeper == null) {
            bot.start();
            return;
        }
        keeper.start();
        loop.schedule(keeperGrace, () -> {
            if (!botStarted.get()) {
                LOG.warn("the keeper is not running after {}: starting the bot anyway (it retries its gateway"
                        + " connection until the keeper answers)", Durations.format(keeperGrace));
            }
            startBot("the keeper's startup grace is over");
        });
    }

    private void startBot(String why) {
        if (botStarted.compareAndSet(false, true)) {
            LOG.info("starting the bot: {}", why);
            bot.start();
        }
    }

    /** Bot first, then the keeper; completes once both are down. Any thread; idempotent. */
    synchronized CompletableFuture<Void> shutdown() {
        if (stopping != null) {
            return stopped;
        }
        botStarted.set(true); // a late keeper RUNNING must not start the bot now
        stopping = bot.shutdown();
        if (keeper == null) {
            stopping.whenComplete((v, e) -> stopped.complete(null));
            return stopped;
        }
        stopping.thenRunAsync(() -> {
            if (endSession.getAsBoolean()) {
                endSessionAction.run();
            }
        }, r -> Thread.ofPlatform().daemon().name("keeper-stop").start(r))
                .whenComplete((v, e) -> keeper.shutdown().whenComplete((v2, e2) -> stopped.complete(null)));
        return stopped;
    }

    CompletableFuture<Void> stoppedFuture() {
        return stopped;
    }

    Supervisor bot() {
        return bot;
    }

    /** Null without a keeper. */
    Supervisor keeper() {
        return keeper;
    }
}
