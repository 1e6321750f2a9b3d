package io.ultrareliability.keeper.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.common.ByteSizes;
import io.ultrareliability.keeper.Jsons;
import io.ultrareliability.keeper.buffer.Dispatch;
import io.ultrareliability.keeper.downstream.HubJournal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's steps as SQLite transactions. Each step's writes wait in {@code pending} and go
 * in one transaction at {@link #commit()}, so the database always holds the state after some
 * whole step: the upstream sequence moves with the state change, buffer row or bot frames of
 * the same dispatch. When a write fails (full disk, size limit, I/O) it is rolled back, the
 * store is marked {@code behind} and keeps its last consistent state; later steps are not
 * written one by one (they would leave a gap) but {@link #maintain} rewrites everything from
 * the hub's memory once it can.
 */
final class DurableJournal implements HubJournal {
    private static final Logger LOG = LoggerFactory.getLogger(DurableJournal.class);
    private static final Duration TOUCH_EVERY = Duration.ofSeconds(5);
    private static final int TRIM_AFTER_FRAMES = 1_000;

    @FunctionalInterface
    private interface Op {
        void run(Connection c) throws SQLException;
    }

    private final KeeperDb db;
    private final InstantSource clock;
    private final StoreStatus status;
    private final int replayCapacity;
    private final int compactAfter;
    private final BooleanSupplier upstreamLive;
    private final List<Op> pending = new ArrayList<>();
    private String sessionId;
    private String resumeUrl;
    private long seq;
    private boolean seqDirty;
    private long stateLogRows;
    private long framesSinceTrim;
    private Instant lastTouch = Instant.EPOCH;
    private Instant lastRetryLog = Instant.EPOCH;

    DurableJournal(KeeperDb db, InstantSource clock, StoreStatus status, int replayCapacity, int compactAfter,
            BooleanSupplier upstreamLive, Recovered recovered) {
        this.db = requireNonNull(db, "db is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.status = requireNonNull(status, "status is null");
        this.replayCapacity = replayCapacity;
        this.compactAfter = compactAfter;
        this.upstreamLive = requireNonNull(upstreamLive, "upstreamLive is null");
        recovered.upstream().ifPresent(u -> {
            sessionId = u.sessionId();
            resumeUrl = u.resumeUrl().map(Object::toString).orElse(null);
            seq = u.seq();
        });
        stateLogRows = recovered.stateLog().size();
        status.durableSeq = seq;
    }

    @Override
    public void upstreamReady(long readySeq, ObjectNode d) {
        sessionId = d.path("session_id").asText(null);
        String url = d.path("resume_gateway_url").asText("");
        resumeUrl = url.startsWith("ws") ? url : null;
        seq = readySeq;
        seqDirty = false;
        stateLogRows = 0;
        String readyText = Jsons.text(d);
        pending.add(c -> {
            Sql.clear(c, "upstream_session", "ready", "guild", "state_log");
            writeSession(c);
            Sql.update(c, "INSERT INTO ready (id, data) VALUES (1, ?)", readyText);
        });
    }

    @Override
    public void upstreamDispatch(long s, String type, String data, boolean stateful) {
        if (s > 0) {
            seq = s;
            seqDirty = sessionId != null;
        }
        if (stateful && sessionId != null) {
            stateLogRows++;
            pending.add(c -> Sql.update(c, "INSERT INTO state_log (seq, type, data) VALUES (?, ?, ?)", s, type, data));
        }
    }

    @Override
    public void sessionOpened(String id, long floor) {
        long at = clock.millis();
        pending.add(c -> Sql.update(c, "INSERT OR REPLACE INTO downstream_session (id, floor, created_at_ms)"
                + " VALUES (?, ?, ?)", id, floor, at));
        readUpTo(id, floor);
    }

    @Override
    public void readUpTo(String id, long readSeq) {
        pending.add(c -> Sql.update(c, "INSERT OR REPLACE INTO downstream_read (session_id, seq) VALUES (?, ?)", id,
                readSeq));
    }

    @Override
    public void sent(String id, long frameSeq, String frame) {
        framesSinceTrim++;
        pending.add(c -> Sql.update(c, "INSERT OR REPLACE INTO downstream_frame (session_id, seq, frame) VALUES (?, ?, ?)",
                id, frameSeq, frame));
    }

    @Override
    public void sessionEnded(String id) {
        pending.add(c -> {
            Sql.update(c, "DELETE FROM downstream_frame WHERE session_id = ?", id);
            Sql.update(c, "DELETE FROM downstream_session WHERE id = ?", id);
            Sql.update(c, "DELETE FROM downstream_read WHERE session_id = ?", id);
        });
    }

    @Override
    public void buffered(Dispatch d) {
        pending.add(c -> Sql.insertBuffered(c, d));
    }

    @Override
    public void bufferTrimmed(int size) {
        pending.add(c -> Sql.update(c, size == 0 ? "DELETE FROM buffer"
                : "DELETE FROM buffer WHERE id NOT IN (SELECT id FROM buffer ORDER BY id DESC LIMIT " + size + ")"));
    }

    @Override
    public void commit() {
        synchronized (db) {
            if (pending.isEmpty() && !seqDirty) {
                return;
            }
            if (status.behind) {
                // Writing this step alone would leave a gap; maintain() rewrites everything.
                pending.clear();
                seqDirty = false;
                return;
            }
            long t0 = System.nanoTime();
            Connection c = db.connection();
            try {
                for (Op op : pending) {
                    op.run(c);
                }
                if (seqDirty) {
                    Sql.update(c, "UPDATE upstream_session SET seq = ?, seen_at_ms = ? WHERE id = 1", seq, clock.millis());
                }
                c.commit();
                status.commits.incrementAndGet();
                status.durableSeq = seq;
                status.commitTook(System.nanoTime() - t0);
            } catch (SQLException e) {
                failed(e);
            } finally {
                pending.clear();
                seqDirty = false;
            }
        }
    }

    @Override
    public void maintain(Supplier<HubImage> image) {
        synchronized (db) {
            try {
                if (status.behind) {
                    rewrite(image.get());
                    status.behind = false;
                    status.full = false;
                    status.rewrites.incrementAndGet();
                    LOG.info("keeper store: writes work again; {} rewritten from memory (upstream seq {})", db.path(),
                            seq);
                } else {
                    if (stateLogRows >= compactAfter) {
                        compactState(image.get());
                    }
                    if (framesSinceTrim >= TRIM_AFTER_FRAMES) {
                        trimFrames();
                    }
                    touch();
                }
                status.bytes = db.sizeBytes();
            } catch (SQLException e) {
                rollbackQuietly();
                if (!status.behind) {
                    failed(e);
                } else {
                    status.writeFailures.incrementAndGet();
                    Instant now = clock.instant();
                    if (!now.isBefore(lastRetryLog.plus(Duration.ofMinutes(1)))) {
                        lastRetryLog = now;
                        LOG.warn("keeper store: still cannot write {} ({}); retrying every second", db.path(),
                                KeeperDb.oneLine(e));
                    }
                }
            }
        }
    }

    /** Records an IDENTIFY before it is sent (own transaction: it must survive whatever follows). */
    void identify(int shardId, Instant at) {
        synchronized (db) {
            try {
                Sql.update(db.connection(), "INSERT INTO identify_ledger (shard_id, at_ms) VALUES (?, ?)", shardId,
                        at.toEpochMilli());
                Sql.update(db.connection(), "DELETE FROM identify_ledger WHERE at_ms < ?",
                        at.minus(Duration.ofHours(24)).toEpochMilli());
                db.connection().commit();
            } catch (SQLException e) {
                rollbackQuietly();
                status.writeFailures.incrementAndGet();
                LOG.error("keeper store: cannot record an IDENTIFY in the ledger: {}", KeeperDb.oneLine(e));
            }
        }
    }

    /**
     * Clean stop. {@code endSession}: forget the upstream session (the next start IDENTIFYs);
     * else note when it was last alive, so the next start knows whether to RESUME.
     */
    void close(boolean endSession) {
        synchronized (db) {
            try {
                if (!status.behind) {
                    if (endSession) {
                        Sql.clear(db.connection(), "upstream_session");
                    } else {
                        Sql.update(db.connection(), "UPDATE upstream_session SET seen_at_ms = ? WHERE id = 1",
                                clock.millis());
                    }
                    db.connection().commit();
                }
                db.checkpoint();
            } catch (SQLException e) {
                rollbackQuietly();
                LOG.error("keeper store: could not write the last step before stopping: {}", KeeperDb.oneLine(e));
            } finally {
                db.close();
            }
        }
    }

    private void failed(SQLException e) {
        rollbackQuietly();
        status.writeFailures.incrementAndGet();
        status.behind = true;
        status.full = KeeperDb.full(e);
        if (status.full) {
            LOG.error("keeper store: {} is full (size limit {} from KEEPER_DB_MAX_BYTES, or the disk): writes paused;"
                    + " the store keeps its last consistent state (upstream seq {}), the keeper goes on from memory"
                    + " and rewrites the store once there is room", db.path(),
                    ByteSizes.format(status.limitBytes), status.durableSeq);
        } else {
            LOG.error("keeper store: write to {} failed ({}): writes paused; the store keeps its last consistent"
                    + " state (upstream seq {})", db.path(), KeeperDb.oneLine(e), status.durableSeq);
        }
    }

    private void rewrite(HubImage image) throws SQLException {
        Connection c = db.connection();
        Sql.clear(c, "upstream_session");
        if (sessionId != null) {
            writeSession(c);
        }
        Sql.writeAll(c, image, clock.millis());
        c.commit();
        status.durableSeq = seq;
        stateLogRows = 0;
        framesSinceTrim = 0;
    }

    /** Guild snapshots rewritten from memory, the state log emptied: bounded load time and size. */
    private void compactState(HubImage image) throws SQLException {
        Connection c = db.connection();
        Sql.clear(c, "ready", "guild", "state_log");
        Sql.writeState(c, image);
        c.commit();
        stateLogRows = 0;
        status.compactions.incrementAndGet();
    }


    private void trimFrames() throws SQLException {
        Sql.update(db.connection(), "DELETE FROM downstream_frame AS f WHERE seq <= (SELECT max(g.seq) FROM downstream_frame"
                + " AS g WHERE g.session_id = f.session_id) - ?", replayCapacity);
        db.connection().commit();
        framesSinceTrim = 0;
    }

    private void touch() throws SQLException {
        Instant now = clock.instant();
        if (sessionId != null && upstreamLive.getAsBoolean() && !now.isBefore(lastTouch.plus(TOUCH_EVERY))) {
            Sql.update(db.connection(), "UPDATE upstream_session SET seen_at_ms = ? WHERE id = 1", now.toEpochMilli());
            db.connection().commit();
            lastTouch = now;
        }
    }


    private void writeSession(Connection c) throws SQLException {
        Sql.update(c, "INSERT INTO upstream_session (id, session_id, resume_url, seq, seen_at_ms) VALUES (1, ?, ?, ?, ?)",
                sessionId, resumeUrl, seq, clock.millis());
    }



    /** Rolls back, or when even that fails (SQLITE_FULL can leave the driver confused) reconnects. */
    private void rollbackQuietly() {
        try {
            db.connection().rollback();
        } catch (SQLException first) {
            try {
                db.reconnect();
            } catch (SQLException ignored) {
                // cannot even reconnect: every later step fails and is counted until one works
            }
        }
    }
}
