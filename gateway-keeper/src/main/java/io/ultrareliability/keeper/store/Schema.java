package io.ultrareliability.keeper.store;

import java.util.List;

/**
 * The tables of {@code keeper.db} (documented in docs/keeper.md, "Durability"). One database per
 * keeper process, that is per shard: {@code meta} says which. Bump {@link #VERSION} on any
 * change; a database of another version is moved aside and the keeper starts clean.
 */
final class Schema {
    static final int VERSION = 1;

    static final List<String> DDL = List.of(
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            // The upstream session: what a RESUME needs. seen_at_ms: last sign of life (window).
            "CREATE TABLE IF NOT EXISTS upstream_session (id INTEGER PRIMARY KEY CHECK (id = 1),"
                    + " session_id TEXT NOT NULL, resume_url TEXT, seq INTEGER NOT NULL, seen_at_ms INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS ready (id INTEGER PRIMARY KEY CHECK (id = 1), data TEXT NOT NULL)",
            // Guild snapshots as of the last compaction, in the order they are sent to a bot.
            "CREATE TABLE IF NOT EXISTS guild (pos INTEGER PRIMARY KEY, type TEXT NOT NULL, data TEXT NOT NULL)",
            // State dispatches since the last compaction: replayed onto the snapshots on load.
            "CREATE TABLE IF NOT EXISTS state_log (id INTEGER PRIMARY KEY AUTOINCREMENT, seq INTEGER NOT NULL,"
                    + " type TEXT NOT NULL, data TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS buffer (id INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL,"
                    + " data TEXT NOT NULL, upstream_seq INTEGER NOT NULL, received_at_ms INTEGER NOT NULL,"
                    + " state_change INTEGER NOT NULL)",
            // floor: the sequence of the last frame of the session's IDENTIFY burst (not kept for RESUME).
            "CREATE TABLE IF NOT EXISTS downstream_session (id TEXT PRIMARY KEY, floor INTEGER NOT NULL,"
                    + " created_at_ms INTEGER NOT NULL)",
            // What each bot session was sent, for its RESUME (the newest replay-capacity frames).
            "CREATE TABLE IF NOT EXISTS downstream_frame (session_id TEXT NOT NULL, seq INTEGER NOT NULL,"
                    + " frame TEXT NOT NULL, PRIMARY KEY (session_id, seq)) WITHOUT ROWID",
            // The last sequence of each bot session nobody needs again after a restart (its bot's last
            // heartbeat, or all of it once it detached). Added in place: an older file gains it empty.
            "CREATE TABLE IF NOT EXISTS downstream_read (session_id TEXT PRIMARY KEY, seq INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS identify_ledger (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " shard_id INTEGER NOT NULL, at_ms INTEGER NOT NULL)");

    private Schema() {
    }
}
