package io.ultrareliability.keeper.store;

import io.ultrareliability.keeper.buffer.Dispatch;
import io.ultrareliability.keeper.downstream.HubJournal;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a {@link Recovered} out of the database, in one read transaction (one consistent view). */
final class StoreLoader {
    private StoreLoader() {
    }

    static Recovered load(Connection conn, int replayCapacity, Instant now) throws SQLException {
        try {
            return new Recovered(upstream(conn), ready(conn),
                    frames(conn, "SELECT type, data FROM guild ORDER BY pos"),
                    frames(conn, "SELECT type, data FROM state_log ORDER BY id"), buffer(conn),
                    sessions(conn, replayCapacity), identifies(conn, now.minus(Duration.ofHours(24))));
        } finally {
            conn.rollback();
        }
    }

    private static Optional<Recovered.Upstream> upstream(Connection conn) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT session_id, resume_url, seq, seen_at_ms FROM upstream_session WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            String url = rs.getString(2);
            Optional<URI> resume;
            try {
                resume = url == null || url.isBlank() ? Optional.empty() : Optional.of(URI.create(url));
            } catch (IllegalArgumentException e) {
                resume = Optional.empty();
            }
            return Optional.of(new Recovered.Upstream(rs.getString(1), resume, rs.getLong(3),
                    Instant.ofEpochMilli(rs.getLong(4))));
        }
    }

    private static Optional<String> ready(Connection conn) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT data FROM ready WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    private static List<HubJournal.GuildFrame> frames(Connection conn, String sql) throws SQLException {
        List<HubJournal.GuildFrame> list = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                list.add(new HubJournal.GuildFrame(rs.getString(1), rs.getString(2)));
            }
        }
        return list;
    }

    private static List<Dispatch> buffer(Connection conn) throws SQLException {
        List<Dispatch> list = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT type, data, upstream_seq, received_at_ms, state_change FROM buffer ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                list.add(new Dispatch(rs.getString(1), rs.getString(2), rs.getLong(3),
                        Instant.ofEpochMilli(rs.getLong(4)), rs.getInt(5) != 0));
            }
        }
        return list;
    }

    private static List<HubJournal.SessionImage> sessions(Connection conn, int capacity) throws SQLException {
        Map<String, List<HubJournal.SentFrame>> byId = new LinkedHashMap<>();
        Map<String, Long> floors = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT id, floor FROM downstream_session ORDER BY created_at_ms");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byId.put(rs.getString(1), new ArrayList<>());
                floors.put(rs.getString(1), rs.getLong(2));
            }
        }
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT seq, frame FROM downstream_frame WHERE session_id = ? ORDER BY seq DESC LIMIT ?")) {
            for (Map.Entry<String, List<HubJournal.SentFrame>> e : byId.entrySet()) {
                ps.setString(1, e.getKey());
                ps.setInt(2, capacity);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        e.getValue().addFirst(new HubJournal.SentFrame(rs.getLong(1), rs.getString(2)));
                    }
                }
            }
        }
        Map<String, Long> read = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT session_id, seq FROM downstream_read");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                read.put(rs.getString(1), rs.getLong(2));
            }
        }
        List<HubJournal.SessionImage> list = new ArrayList<>();
        byId.forEach((id, frames) -> list.add(new HubJournal.SessionImage(id, floors.get(id), frames,
                read.getOrDefault(id, Long.MAX_VALUE))));
        return list;
    }

    private static List<Instant> identifies(Connection conn, Instant since) throws SQLException {
        List<Instant> list = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT at_ms FROM identify_ledger WHERE at_ms >= ? ORDER BY at_ms")) {
            ps.setLong(1, since.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(Instant.ofEpochMilli(rs.getLong(1)));
                }
            }
        }
        return list;
    }
}
