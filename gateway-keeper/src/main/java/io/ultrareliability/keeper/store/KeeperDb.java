package io.ultrareliability.keeper.store;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One SQLite connection to {@code keeper.db} in WAL mode. WAL with {@code synchronous=NORMAL}:
 * a committed transaction survives the death of the process at any instant (kill -9); only an
 * OS crash or power cut can roll back the last transactions, never leave half of one. Callers
 * synchronise on this object (the hub's commits and the upstream thread's ledger writes share it).
 */
final class KeeperDb implements AutoCloseable {
    /** SQLite result codes (the low byte of the extended code). */
    static final int SQLITE_CORRUPT = 11;
    static final int SQLITE_FULL = 13;
    static final int SQLITE_NOTADB = 26;

    private final Path path;
    private final long maxBytes;
    private Connection conn;
    private final long pageSize;

    private KeeperDb(Path path, long maxBytes, Connection conn, long pageSize) {
        this.path = path;
        this.maxBytes = maxBytes;
        this.conn = conn;
        this.pageSize = pageSize;
    }

    /**
     * The file holds the session and the events of the buffer (message contents): 0600, like
     * the status and log files. SQLite gives its {@code -wal} and {@code -shm} files the
     * database file's permissions.
     */
    static void ownerOnly(Path path) throws java.io.IOException {
        java.util.Set<java.nio.file.attribute.PosixFilePermission> rw =
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
        try {
            Files.createFile(path, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(rw));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            Files.setPosixFilePermissions(path, rw);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to tighten
        }
    }

    /**
     * A fresh connection after a failed transaction. After SQLITE_FULL, SQLite may have rolled
     * the transaction back itself and the driver's own transaction bookkeeping is then wrong
     * (its next statements would run in autocommit: a rewrite half applied). The file is fine.
     */
    void reconnect() throws SQLException {
        closeQuietly(conn);
        conn = DriverManager.getConnection("jdbc:sqlite:" + path);
        try (Statement st = conn.createStatement()) {
            st.execute("PRAGMA busy_timeout = 5000");
            st.execute("PRAGMA journal_mode = WAL");
            st.execute("PRAGMA synchronous = NORMAL");
            st.execute("PRAGMA journal_size_limit = " + (16L << 20));
            st.execute("PRAGMA max_page_count = " + Math.max(64, maxBytes / pageSize));
        }
        conn.setAutoCommit(false);
    }

    /**
     * Opens (or creates) the database, checks it and its schema. {@code meta} must say
     * {@code shard} or be empty. Throws {@link StoreUnusable} with one line when it cannot.
     */
    static KeeperDb open(Path path, long maxBytes, String shard) throws StoreUnusable {
        requireNonNull(path, "path is null");
        Connection conn = null;
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            ownerOnly(path);
            conn = DriverManager.getConnection("jdbc:sqlite:" + path);
            long pageSize;
            try (Statement st = conn.createStatement()) {
                st.execute("PRAGMA busy_timeout = 5000");
                String mode = text(st, "PRAGMA journal_mode = WAL");
                if (!"wal".equalsIgnoreCase(mode)) {
                    throw new StoreUnusable("cannot switch to WAL mode (got " + mode + ")", false, null);
                }
                st.execute("PRAGMA synchronous = NORMAL");
                st.execute("PRAGMA journal_size_limit = " + (16L << 20));
                String check = text(st, "PRAGMA quick_check");
                if (!"ok".equalsIgnoreCase(check)) {
                    throw new StoreUnusable("integrity check failed: " + check, true, null);
                }
                pageSize = Long.parseLong(text(st, "PRAGMA page_size"));
                st.execute("PRAGMA max_page_count = " + Math.max(64, maxBytes / pageSize));
            }
            conn.setAutoCommit(false);
            KeeperDb db = new KeeperDb(path, maxBytes, conn, pageSize);
            db.schema(shard);
            return db;
        } catch (SQLException e) {
            closeQuietly(conn);
            throw new StoreUnusable(oneLine(e), corrupt(e), e);
        } catch (StoreUnusable e) {
            closeQuietly(conn);
            throw e;
        } catch (java.io.IOException | RuntimeException e) {
            closeQuietly(conn);
            throw new StoreUnusable(e.getClass().getSimpleName() + ": " + e.getMessage(), false, e);
        }
    }

    private void schema(String shard) throws SQLException, StoreUnusable {
        try (Statement st = conn.createStatement()) {
            for (String ddl : Schema.DDL) {
                st.execute(ddl);
            }
        }
        String version = meta("schema");
        String owner = meta("shard");
        if (version == null) {
            putMeta("schema", Integer.toString(Schema.VERSION));
            putMeta("shard", shard);
        } else if (!version.equals(Integer.toString(Schema.VERSION))) {
            conn.rollback();
            throw new StoreUnusable("schema version " + version + ", this keeper reads " + Schema.VERSION, true, null);
        } else if (!shard.equals(owner)) {
            conn.rollback();
            throw new StoreUnusable("it belongs to shard " + owner + ", this keeper is shard " + shard + " (set KEEPER_DB per shard)", false, null);
        }
        conn.commit();
    }

    private String meta(String key) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private void putMeta(String key, String value) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }

    Connection connection() {
        return conn;
    }

    Path path() {
        return path;
    }

    /** Bytes the database file holds (pages in use and free), for the size metric. */
    long sizeBytes() throws SQLException {
        try (Statement st = conn.createStatement()) {
            return Long.parseLong(text(st, "PRAGMA page_count")) * pageSize;
        }
    }

    /** Writes the WAL back into the database file and truncates it (clean stop, compaction). */
    void checkpoint() throws SQLException {
        conn.commit();
        conn.setAutoCommit(true);
        try (Statement st = conn.createStatement()) {
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } finally {
            conn.setAutoCommit(false);
        }
    }

    @Override
    public void close() {
        closeQuietly(conn);
    }

    static boolean corrupt(SQLException e) {
        int code = e.getErrorCode() & 0xff;
        return code == SQLITE_CORRUPT || code == SQLITE_NOTADB;
    }

    static boolean full(SQLException e) {
        return (e.getErrorCode() & 0xff) == SQLITE_FULL;
    }

    static String oneLine(SQLException e) {
        String m = String.valueOf(e.getMessage()).replace('\n', ' ').strip();
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }

    private static String text(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing a broken connection: nothing more to do
            }
        }
    }
}
