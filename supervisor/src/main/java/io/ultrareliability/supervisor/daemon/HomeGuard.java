package io.ultrareliability.supervisor.daemon;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.supervisor.core.Scheduler;
import io.ultrareliability.supervisor.lock.SupervisorLock;
import io.ultrareliability.supervisor.process.Orphans;
import io.ultrareliability.supervisor.process.ProcessIdentity;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A periodic check on the supervisor loop: the lock path still names the file we locked
 * (re-lock it when deleted or replaced; step down when another supervisor of this home now
 * holds it), and orphans that ended on their own are reaped (we are their subreaper).
 */
final class HomeGuard {
    static final Duration EVERY = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(HomeGuard.class);
    private final SupervisorLock lock;
    private final Scheduler scheduler;
    private final Runnable stepDown;
    private boolean lostLogged;
    private volatile boolean steppedDown;
    private volatile boolean stopped;

    /** @param stepDown stops the child and the supervisor: another one owns the home now */
    HomeGuard(SupervisorLock lock, Scheduler scheduler, Runnable stepDown) {
        this.lock = requireNonNull(lock, "lock is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.stepDown = requireNonNull(stepDown, "stepDown is null");
    }

    HomeGuard start() {
        scheduler.schedule(EVERY, this::tick);
        return this;
    }

    void stop() {
        stopped = true;
    }

    boolean steppedDown() {
        return steppedDown;
    }

    private void tick() {
        if (stopped) {
            return;
        }
        try {
            checkLock();
            Orphans.reapZombies();
        } catch (IOException | RuntimeException e) {
            LOG.warn("home check failed: {}", e.toString());
        }
        if (!steppedDown) {
            scheduler.schedule(EVERY, this::tick);
        }
    }

    void checkLock() throws IOException {
        switch (lock.verify()) {
            case HELD -> {
                if (lostLogged) {
                    LOG.info("the lock file is ours again");
                    lostLogged = false;
                }
            }
            case RETAKEN -> {
                LOG.warn("run/supervisor.lock had been deleted or replaced: locked the file that path names now;"
                        + " still the only supervisor of this home");
                lostLogged = false;
            }
            case LOST -> {
                ProcessIdentity other = lock.otherOwner();
                if (other != null) {
                    LOG.error("run/supervisor.lock was deleted or replaced and supervisor pid {} now holds the new one"
                            + " (with the PID files gone it could not see us): stepping down, never two bots",
                            other.pid());
                    steppedDown = true;
                    stepDown.run();
                } else if (!lostLogged) {
                    LOG.error("run/supervisor.lock was deleted or replaced and the new file is locked by {}; a"
                            + " newcomer still refuses to start while run/supervisor.pid names us", lock.holdersNow());
                    lostLogged = true;
                }
            }
            default -> throw new AssertionError();
        }
    }
}
