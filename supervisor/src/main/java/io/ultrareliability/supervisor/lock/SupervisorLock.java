package io.ultrareliability.supervisor.lock;

import io.ultrareliability.supervisor.process.ProcessIdentity;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;

/**
 * One supervisor per home: an OS lock on {@code run/supervisor.lock}, held for the
 * supervisor's whole life (the kernel drops it when the process dies, however it dies),
 * and {@code run/supervisor.pid} with the holder's PID and start time. The PID file is
 * only information: whoever holds the lock is the supervisor, so a stale or reused PID
 * never blocks a start, and nothing is ever signalled from this class.
 */
public final class SupervisorLock implements AutoCloseable {
    private static final long PID_WAIT_MS = 5_000;
    private final Home home;
    private final FileChannel channel;
    private final FileLock lock;

    private SupervisorLock(Home home, FileChannel channel, FileLock lock) {
        this.home = home;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock or says who has it. Never waits for the other supervisor to go. */
    public static SupervisorLock acquire(Home home) throws IOException, AlreadyRunningException {
        home.createDirs();
        FileChannel ch = FileChannel.open(home.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            ch.close();
            throw new AlreadyRunningException(holderPid(home));
        }
        SupervisorLock held = new SupervisorLock(home, ch, l);
        PidFiles.write(home.pidFile(), ProcessIdentity.current());
        return held;
    }

    /**
     * The lock holder's PID from the PID file. A holder that just won the race may not have
     * written it yet, so wait a little for a file that names a live process.
     */
    private static long holderPid(Home home) {
        long deadline = System.nanoTime() + PID_WAIT_MS * 1_000_000;
        while (true) {
            ProcessIdentity id = PidFiles.readLive(home.pidFile());
            if (id != null && id.pid() != ProcessHandle.current().pid()) {
                return id.pid();
            }
            if (System.nanoTime() > deadline) {
                return 0;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }
    }

    /** Removes the PID file and releases the lock (the lock file stays: it is harmless). */
    @Override
    public void close() throws IOException {
        PidFiles.deleteQuietly(home.pidFile());
        lock.release();
        channel.close();
    }
}
