package io.ultrareliability.common.identify;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The ledger as a small text file (one line per IDENTIFY), shared by every process that
 * identifies with the same token under one home. Written whole to a temp file, forced to disk
 * and renamed over the old one, so a kill -9 at any moment leaves the old or the new ledger,
 * never half of one. An update holds an exclusive lock on a sibling {@code .lock} file, so two
 * processes cannot lose each other's IDENTIFYs. Unreadable lines are skipped: a damaged ledger
 * costs what was on them, never the start of the bot.
 */
public final class LedgerFile implements LedgerStore {
    public static final String DEFAULT_NAME = "identify-ledger.txt";
    private static final String HEADER = "# ultra-reliability IDENTIFY ledger v1: 'identify <epoch-ms> <shard>', "
            + "'limit <read-at-ms> <total> <remaining> <reset-after-ms> <max-concurrency>'";
    /** Far more than a real ledger needs; a huge file is not read whole. */
    private static final long MAX_BYTES = 1 << 20;

    /** A FileLock is held per JVM: two instances in one process must take turns first. */
    private static final Object IN_PROCESS = new Object();

    private final Path file;
    private final Path lock;

    public LedgerFile(Path file) {
        this.file = requireNonNull(file, "file is null").toAbsolutePath();
        this.lock = this.file.resolveSibling(this.file.getFileName() + ".lock");
    }

    public Path path() {
        return file;
    }

    @Override
    public String describe() {
        return file.toString();
    }

    @Override
    public IdentifyLedger load() throws IOException {
        // file channels give up on an interrupted thread (ClosedByInterruptException): a
        // controller being closed must still read and write its ledger (a refund, a record)
        boolean interrupted = Thread.interrupted();
        try {
            return loadUninterrupted();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private IdentifyLedger loadUninterrupted() throws IOException {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IOException(file + " is over " + MAX_BYTES + " bytes: not an IDENTIFY ledger");
            }
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return IdentifyLedger.empty();
        }
    }

    @Override
    public IdentifyLedger update(UnaryOperator<IdentifyLedger> change) throws IOException {
        requireNonNull(change, "change is null");
        boolean interrupted = Thread.interrupted();
        try {
            return updateUninterrupted(change);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private IdentifyLedger updateUninterrupted(UnaryOperator<IdentifyLedger> change) throws IOException {
        Files.createDirectories(file.getParent());
        synchronized (IN_PROCESS) {
            try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                IdentifyLedger next = requireNonNull(change.apply(loadUninterrupted()), "change returned null");
                write(next);
                return next;
            }
        }
    }

    static IdentifyLedger parse(List<String> lines) {
        List<IdentifyRecord> entries = new ArrayList<>();
        Optional<SessionStartLimit> limit = Optional.empty();
        for (String line : lines) {
            String[] f = line.strip().split("\\s+");
            try {
                if (f.length == 3 && f[0].equals("identify")) {
                    entries.add(new IdentifyRecord(Instant.ofEpochMilli(Long.parseLong(f[1])), Integer.parseInt(f[2])));
                } else if (f.length == 6 && f[0].equals("limit")) {
                    limit = Optional.of(new SessionStartLimit(Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                            Duration.ofMillis(Long.parseLong(f[4])), Integer.parseInt(f[5]),
                            Instant.ofEpochMilli(Long.parseLong(f[1]))));
                }
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                // a damaged line: skipped (see the class comment)
            }
        }
        return new IdentifyLedger(entries, limit);
    }

    static String format(IdentifyLedger ledger) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        ledger.lastLimit().ifPresent(l -> sb.append("limit ").append(l.observedAt().toEpochMilli()).append(' ')
                .append(l.total()).append(' ').append(l.remaining()).append(' ').append(l.resetAfter().toMillis())
                .append(' ').append(l.maxConcurrency()).append('\n'));
        for (IdentifyRecord e : ledger.entries()) {
            sb.append("identify ").append(e.at().toEpochMilli()).append(' ').append(e.shardId()).append('\n');
        }
        return sb.toString();
    }

    private void write(IdentifyLedger ledger) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(format(ledger).getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(file.getParent());
    }

    /** The rename itself reaches the disk only when the directory is synced. */
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory: the rename is still atomic
        }
    }
}
