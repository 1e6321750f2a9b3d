package io.ultrareliability.supervisor.status;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes snapshots to the status file atomically, on its own thread so a slow fsync never
 * delays the supervisor loop. Snapshots that pile up collapse into the newest one. A write
 * that fails (disk full, permissions) is logged once and retried with the next snapshot.
 */
public final class StatusFileWriter implements StatusSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusFileWriter.class);
    private final Path file;
    private final UnaryOperator<StatusSnapshot> decorate;
    private final AtomicReference<StatusSnapshot> pending = new AtomicReference<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "status-writer");
        t.setDaemon(true);
        return t;
    });
    private final Runnable queued;
    private final Runnable written;
    private boolean failing;

    public StatusFileWriter(Path file) {
        this(file, UnaryOperator.identity());
    }

    /** @param decorate adds what the core does not know (the web server's port, ...), on the writer thread */
    public StatusFileWriter(Path file, UnaryOperator<StatusSnapshot> decorate) {
        this(file, decorate, () -> { }, () -> { });
    }

    /**
     * @param queued told when a write is queued, and {@code written} when it ended (either way):
     *        the watchdog's proof that this thread makes progress
     */
    public StatusFileWriter(Path file, UnaryOperator<StatusSnapshot> decorate, Runnable queued, Runnable written) {
        this.file = file;
        this.decorate = java.util.Objects.requireNonNull(decorate, "decorate is null");
        this.queued = java.util.Objects.requireNonNull(queued, "queued is null");
        this.written = java.util.Objects.requireNonNull(written, "written is null");
    }

    @Override
    public void publish(StatusSnapshot snapshot) {
        if (pending.getAndSet(snapshot) == null) {
            queued.run();
            thread.execute(this::drain);
        }
    }

    private void drain() {
        try {
            StatusSnapshot s = pending.getAndSet(null);
            if (s != null) {
                writeNow(s);
            }
        } finally {
            written.run();
        }
    }

    private void writeNow(StatusSnapshot s) {
        try {
            AtomicFiles.write(file, StatusJson.bytes(decorate.apply(s)), true,
                    PrivateFiles.STATUS);
            if (failing) {
                LOG.info("status file {} is writable again", file);
                failing = false;
            }
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                LOG.error("cannot write the status file {}: {}; supervising on", file, e);
                failing = true;
            }
        }
    }

    /** Writes what is pending, then stops the thread. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        StatusSnapshot s = pending.getAndSet(null);
        if (s != null) {
            writeNow(s);
        }
    }
}
