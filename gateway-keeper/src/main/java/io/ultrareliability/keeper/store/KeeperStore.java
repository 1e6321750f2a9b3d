package io.ultrareliability.keeper.store;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.keeper.downstream.HubJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keeper's durable store, opened once at start. Never stops the keeper from starting: a
 * corrupt or unreadable database is moved aside (one error line) and a fresh one created; a
 * database that cannot be opened for another reason (read-only directory, full disk) is left
 * exactly as it is and the keeper runs from memory (one error line, {@code keeper_store_enabled 0}).
 */
public final class KeeperStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeeperStore.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final StoreStatus status;
    private final Recovered recovered;
    private final DurableJournal journal;

    private KeeperStore(StoreStatus status, Recovered recovered, DurableJournal journal) {
        this.status = status;
        this.recovered = recovered;
        this.journal = journal;
    }

    /**
     * Opens {@code config.path()} and reads what it holds. {@code shard} names the shard
     * ({@code "id/count"}) the file must belong to.
     */
    public static KeeperStore open(StoreConfig config, String shard, int replayCapacity, InstantSource clock,
            BooleanSupplier upstreamLive) {
        requireNonNull(config, "config is null");
        StoreStatus status = new StoreStatus();
        status.limitBytes = config.maxBytes();
        if (config.path().isEmpty()) {
            return new KeeperStore(status, Recovered.empty(), null);
        }
        Path path = config.path().get();
        for (int attempt = 0; attempt < 2; attempt++) {
            KeeperDb db = null;
            try {
                db = KeeperDb.open(path, config.maxBytes(), shard);
                Recovered r;
                try {
                    r = StoreLoader.load(db.connection(), replayCapacity, clock.instant());
                } catch (SQLException | RuntimeException e) {
                    boolean bad = !(e instanceof SQLException s) || KeeperDb.corrupt(s);
                    throw new StoreUnusable("cannot read it: " + e.getMessage(), bad, e);
                }
                status.enabled = true;
                status.bytes = db.sizeBytes();
                DurableJournal journal = new DurableJournal(db, clock, status, replayCapacity, config.compactAfter(),
                        upstreamLive, r);
                LOG.info("keeper store: {} ({}; upstream session {}, {} bot sessions, {} buffered)", path,
                        describeSize(status.bytes), r.upstream().isPresent() ? "saved" : "none", r.sessions().size(),
                        r.buffer().size());
                return new KeeperStore(status, r, journal);
            } catch (StoreUnusable e) {
                if (db != null) {
                    db.close();
                }
                if (!e.corrupt() || attempt > 0) {
                    LOG.error("keeper store: cannot use {} ({}); left as it is, running from memory only (a restart"
                            + " will IDENTIFY)", path, e.getMessage());
                    return new KeeperStore(status, Recovered.empty(), null);
                }
                Optional<Path> aside = moveAside(path, clock.instant());
                if (aside.isEmpty()) {
                    LOG.error("keeper store: {} is unreadable ({}) and cannot be moved aside; running from memory only",
                            path, e.getMessage());
                    return new KeeperStore(status, Recovered.empty(), null);
                }
                status.movedAsideTo = aside.get().toString();
                LOG.error("keeper store: {} is unreadable ({}); moved aside to {}; starting clean (the upstream session"
                        + " will IDENTIFY)", path, e.getMessage(), aside.get());
            } catch (SQLException e) {
                if (db != null) {
                    db.close();
                }
                LOG.error("keeper store: cannot use {} ({}); running from memory only", path, KeeperDb.oneLine(e));
                return new KeeperStore(status, Recovered.empty(), null);
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** Renames the file and its -wal/-shm to {@code keeper.db.corrupt-<UTC stamp>}; empty if it cannot. */
    static Optional<Path> moveAside(Path path, Instant now) {
        Path aside = path.resolveSibling(path.getFileName() + ".corrupt-" + STAMP.format(now));
        try {
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Path from = path.resolveSibling(path.getFileName() + suffix);
                if (Files.exists(from)) {
                    Files.move(from, aside.resolveSibling(aside.getFileName() + suffix));
                }
            }
            return Optional.of(aside);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public Recovered recovered() {
        return recovered;
    }

    /** The hub's journal: durable when the database is open, {@link HubJournal#NONE} otherwise. */
    public HubJournal journal() {
        return journal == null ? HubJournal.NONE : journal;
    }

    public StoreStatus status() {
        return status;
    }

    /** Records an IDENTIFY in the ledger (before it is sent). */
    public void identifySent(int shardId, Instant at) {
        if (journal != null) {
            journal.identify(shardId, at);
        }
    }

    /** Clean stop keeping the upstream session resumable. */
    @Override
    public void close() {
        close(false);
    }

    /** Clean stop; {@code endSession}: the saved upstream session is forgotten too. */
    public void close(boolean endSession) {
        if (journal != null) {
            journal.close(endSession);
        }
    }

    private static String describeSize(long bytes) {
        return io.ultrareliability.common.ByteSizes.format(bytes);
    }
}
