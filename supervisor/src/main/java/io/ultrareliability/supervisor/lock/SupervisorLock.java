package io.ultrareliability.supervisor.lock;

import io.ultrareliability.common.time.Poll;
import io.ultrareliability.supervisor.process.ProcFs;
import io.ultrareliability.supervisor.process.ProcessIdentity;
import io.ultrareliability.supervisor.status.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One supervisor per home: an OS lock on {@code run/supervisor.lock}, held for the
 * supervisor's whole life (the kernel drops it when the process dies, however it dies),
 * and {@code run/supervisor.pid} with the holder's PID and start time.
 *
 * <p>A lock on a file only excludes those who open the same inode: once the path is deleted
 * or replaced, a second supervisor would lock a new file. So the holder checks, right after
 * locking and then periodically ({@link #verify()}), that the path still names the inode it
 * locked (per {@code /proc/locks}); when it does not, it locks the new file, or learns that
 * another supervisor did. A newcomer that takes a fresh lock while the PID file names a live
 * supervisor refuses to run: that one still owns the home and its bot.
 *
 * <p>A lock held by anything else (another user's shared lock on a world-readable lock file of
 * an older version) is named, from {@code /proc/locks}, in a {@link LockHeldException}.
 */
public final class SupervisorLock implements AutoCloseable {
    private static final Duration PID_WAIT = Duration.ofSeconds(5);
    private static final Poll PID_POLL = Poll.every(Duration.ofMillis(20));
    private static final int ATTEMPTS = 5;
    private final Home home;
    private final ProcessIdentity self;
    private FileChannel channel;
    private FileLock lock;

    /** What {@link #verify()} found. */
    public enum Check {
        /** The path names our locked file. */
        HELD,
        /** The path had been deleted or replaced; we locked the file it names now. */
        RETAKEN,
        /** Someone else holds the file the path names now; a live supervisor of this home if {@link #otherOwner()} says so. */
        LOST
    }

    private SupervisorLock(Home home, FileChannel channel, FileLock lock) {
        this.home = home;
        this.self = ProcessIdentity.current();
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Claims the home once the caller's own checks passed (a leftover child is not another
     * live supervisor's): writes the PID file that makes {@code status} say running and that
     * tells the previous holder of a deleted lock file to step down. Until then a newcomer
     * holds the lock invisibly, so no running supervisor mistakes it for the owner.
     */
    public void claim() throws IOException {
        PidFiles.write(home.pidFile(), self);
    }

    /** Takes the lock or says who has it. Never waits for the other supervisor to go. */
    public static SupervisorLock acquire(Home home) throws IOException, AlreadyRunningException, LockHeldException {
        home.createDirs();
        for (int i = 0; i < ATTEMPTS; i++) {
            FileLockPair got = tryLockPath(home);
            if (got == null) {
                refuse(home);
            }
            if (!pathNamesLockedFile(home)) {
                // Deleted or replaced between our open and our lock: lock what the path names now.
                got.close();
                continue;
            }
            SupervisorLock held = new SupervisorLock(home, got.channel, got.lock);
            ProcessIdentity owner = PidFiles.readLive(home.pidFile());
            if (owner != null && owner.pid() != held.self.pid()) {
                // The PID file names a live supervisor: its lock file was removed under it. It owns
                // the home and its bot, and takes the new lock back at its next check.
                got.close();
                throw new AlreadyRunningException(owner.pid(), home.lockFile() + " had been deleted or replaced;"
                        + " supervisor pid " + owner.pid() + " still owns this home and locks it again");
            }
            return held;
        }
        throw new IOException(home.lockFile() + " was replaced " + ATTEMPTS + " times while we locked it");
    }

    private record FileLockPair(FileChannel channel, FileLock lock) {
        void close() throws IOException {
            lock.release();
            channel.close();
        }
    }

    private static FileLockPair tryLockPath(Home home) throws IOException {
        PrivateFiles.file(home.lockFile()); // 0600: nobody else can open it to take a lock
        FileChannel ch = FileChannel.open(home.lockFile(), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                PrivateFiles.attribute(PrivateFiles.FILE));
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            ch.close();
            return null;
        }
        return new FileLockPair(ch, l);
    }

    /** Whether this process holds a lock on the inode that the lock path names now. */
    private static boolean pathNamesLockedFile(Home home) {
        return LockHolders.heldBy(home.lockFile(), ProcessHandle.current().pid());
    }

    /**
     * The lock is taken: by a supervisor of this home (its PID file names a live process that
     * holds the lock), or by something else, named from /proc/locks. A supervisor that just won
     * the race may not have written its PID file yet, so wait a little for it.
     */
    private static void refuse(Home home) throws AlreadyRunningException, LockHeldException {
        AtomicReference<List<LockHolders.Holder>> seen = new AtomicReference<>(List.of());
        try {
            PID_POLL.first(() -> {
                List<LockHolders.Holder> holders = LockHolders.of(home.lockFile());
                seen.set(holders);
                ProcessIdentity id = PidFiles.readLive(home.pidFile());
                if (id != null && id.pid() != ProcessHandle.current().pid()
                        && (holders.isEmpty() || holders.stream().anyMatch(h -> h.pid() == id.pid()))) {
                    throw new AlreadyRunningException(id.pid());
                }
                // A supervisor that has the lock but has not claimed the home yet (still stopping a leftover child).
                for (LockHolders.Holder h : holders) {
                    if (h.pid() > 1 && h.pid() != ProcessHandle.current().pid() && ProcFs.isSupervisor(h.pid())) {
                        throw new AlreadyRunningException(h.pid());
                    }
                }
                return Optional.empty();
            }, PID_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The wait ran out (or was interrupted): named from the holders seen last.
        throw new LockHeldException(describeHolders(home, seen.get()));
    }

    /** The one-line error for a lock held by something that is not this home's supervisor. */
    public static String describeHolders(Home home, List<LockHolders.Holder> holders) {
        return home.lockFile() + " is locked by " + LockHolders.describe(holders)
                + ", which is not a supervisor of this home (no live PID in " + home.pidFile().getFileName()
                + "); no supervisor can start until it lets go";
    }

    /**
     * Checks that the lock path still names our locked file; re-locks the file it names now
     * when it was deleted or replaced and nobody holds the new one. Call periodically.
     */
    public synchronized Check verify() throws IOException {
        if (pathNamesLockedFile(home)) {
            if (!self.equals(PidFiles.read(home.pidFile()))) {
                PidFiles.write(home.pidFile(), self); // deleted or overwritten: we own the home
            }
            return Check.HELD;
        }
        FileLockPair got = tryLockPath(home);
        if (got == null) {
            return Check.LOST;
        }
        if (!pathNamesLockedFile(home)) {
            got.close();
            return Check.LOST;
        }
        FileLockPair old = new FileLockPair(channel, lock);
        channel = got.channel;
        lock = got.lock;
        old.close();
        if (!self.equals(PidFiles.read(home.pidFile()))) {
            PidFiles.write(home.pidFile(), self);
        }
        return Check.RETAKEN;
    }

    /**
     * After {@link Check#LOST}: the live supervisor of this home that holds the lock file now
     * (its PID file names it), or null while it is unknown (a newcomer about to give up, or a
     * foreign holder).
     */
    public ProcessIdentity otherOwner() {
        ProcessIdentity id = PidFiles.readLive(home.pidFile());
        return id != null && !id.equals(self) && LockHolders.heldBy(home.lockFile(), id.pid()) ? id : null;
    }

    /** Who holds the file the lock path names now, for a log line. */
    public String holdersNow() {
        return LockHolders.describe(LockHolders.of(home.lockFile()));
    }

    /** Releases the lock; removes the PID file only while it still names us (never another supervisor's). */
    @Override
    public synchronized void close() throws IOException {
        if (self.equals(PidFiles.read(home.pidFile()))) {
            PidFiles.deleteQuietly(home.pidFile());
        }
        lock.release();
        channel.close();
    }
}
