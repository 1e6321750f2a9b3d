package io.ultrareliability.keeper.store;

import io.ultrareliability.keeper.Jsons;
import io.ultrareliability.keeper.buffer.Dispatch;
import io.ultrareliability.keeper.downstream.HubJournal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** The store's statements, shared by the step-by-step journal and the rewrites from memory. */
final class Sql {
    private Sql() {
    }

    static void clear(Connection c, String... tables) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String t : tables) {
                st.executeUpdate("DELETE FROM " + t);
            }
        }
    }

    static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    static void insertBuffered(Connection c, Dispatch d) throws SQLException {
        update(c, "INSERT INTO buffer (type, data, upstream_seq, received_at_ms, state_change) VALUES (?, ?, ?, ?, ?)",
                d.type(), d.data(), d.upstreamSeq(), d.receivedAt().toEpochMilli(), d.stateChange() ? 1 : 0);
    }

    /** READY and the guild snapshots from memory (the caller cleared {@code ready}, {@code guild}). */
    static void writeState(Connection c, HubJournal.HubImage image) throws SQLException {
        if (image.ready().isPresent()) {
            update(c, "INSERT INTO ready (id, data) VALUES (1, ?)", Jsons.text(image.ready().get()));
        }
        int pos = 0;
        for (HubJournal.GuildFrame g : image.guilds()) {
            update(c, "INSERT INTO guild (pos, type, data) VALUES (?, ?, ?)", pos++, g.type(), g.data());
        }
    }

    /** Everything but the upstream session and the ledger, from memory, replacing what was there. */
    static void writeAll(Connection c, HubJournal.HubImage image, long nowMs) throws SQLException {
        clear(c, "ready", "guild", "state_log", "buffer", "downstream_session", "downstream_frame",
                "downstream_read");
        writeState(c, image);
        for (Dispatch d : image.buffer()) {
            insertBuffered(c, d);
        }
        for (HubJournal.SessionImage s : image.sessions()) {
            update(c, "INSERT INTO downstream_session (id, floor, created_at_ms) VALUES (?, ?, ?)", s.id(), s.floor(),
                    nowMs);
            update(c, "INSERT INTO downstream_read (session_id, seq) VALUES (?, ?)", s.id(), s.readUpTo());
            for (HubJournal.SentFrame f : s.frames()) {
                update(c, "INSERT INTO downstream_frame (session_id, seq, frame) VALUES (?, ?, ?)", s.id(), f.seq(),
                        f.text());
            }
        }
    }
}
