package io.ultrareliability.supervisor.daemon;

import io.ultrareliability.common.time.Poll;
import io.ultrareliability.supervisor.lock.AlreadyRunningException;
import io.ultrareliability.supervisor.lock.PidFiles;
import io.ultrareliability.supervisor.process.Posix;
import io.ultrareliability.supervisor.process.ProcFs;
import io.ultrareliability.supervisor.process.ProcessIdentity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child left by a previous supervisor (killed with -9, say) must be gone before we spawn
 * ours: never two bots. Only the exact recorded process (PID and start time) and its group
 * are signalled, never a process that merely got the same PID later.
 */
final class LeftoverChild {
    private static final Logger LOG = LoggerFactory.getLogger(LeftoverChild.class);

    private LeftoverChild() {
    }

    /**
     * @return the PID stopped, or 0 when there was nothing to stop
     * @throws AlreadyRunningException when the child is alive and still the child of a live
     *         supervisor (its lock and PID files were removed under it): that bot is not ours
     *         to kill, and neither is the home
     */
    static long stopIfAlive(Path childPidFile, Duration grace) throws AlreadyRunningException {
        ProcessIdentity id = PidFiles.read(childPidFile);
        if (id == null) {
            PidFiles.deleteQuietly(childPidFile);
            return 0;
        }
        if (!id.isAlive()) {
            LOG.info("child PID file names {}, which is gone or now another process: ignoring it", id.pid());
            PidFiles.deleteQuietly(childPidFile);
            return 0;
        }
        long parent = ProcFs.ppid(id.pid());
        if (parent > 1 && parent != ProcessHandle.current().pid() && ProcFs.isSupervisor(parent)) {
            throw new AlreadyRunningException(parent, "child pid " + id.pid() + " is alive and still supervised by"
                    + " pid " + parent + " (this home's lock or PID file was removed under it); not touching it");
        }
        long pgid = Posix.getpgid(id.pid());
        boolean ownGroup = pgid == id.pid();
        LOG.warn("a child of a previous supervisor is still alive (pid {}): stopping it before starting ours", id.pid());
        signal(id, ownGroup, Posix.SIGTERM);
        signal(id, ownGroup, Posix.SIGCONT);
        if (!waitGone(id, ownGroup, grace)) {
            LOG.warn("leftover child {} ignored SIGTERM for {}: SIGKILL", id.pid(), grace);
            signal(id, ownGroup, Posix.SIGKILL);
            waitGone(id, ownGroup, Duration.ofSeconds(3));
        }
        PidFiles.deleteQuietly(childPidFile);
        return id.pid();
    }

    private static void signal(ProcessIdentity id, boolean group, int sig) {
        if (group) {
            Posix.killGroup(id.pid(), sig);
        } else if (id.isAlive()) {
            Posix.kill(id.pid(), sig);
        }
    }

    private static boolean waitGone(ProcessIdentity id, boolean group, Duration max) {
        return waitGone(Poll.every(Duration.ofMillis(20)), id::isAlive,
                () -> !group || ProcFs.groupMembers(id.pid()).isEmpty(), max);
    }

    /**
     * Until the process and (if it leads one) its group are gone; when the wait runs out, the
     * process itself being gone is enough: its group was signalled, the bot is what must not run twice.
     */
    static boolean waitGone(Poll poll, BooleanSupplier alive, BooleanSupplier groupGone, Duration max) {
        try {
            if (poll.until(() -> !alive.getAsBoolean() && groupGone.getAsBoolean(), max)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !alive.getAsBoolean();
    }
}
