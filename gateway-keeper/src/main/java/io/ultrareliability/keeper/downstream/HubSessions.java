package io.ultrareliability.keeper.downstream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.ultrareliability.keeper.Jsons;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Who is there: the bot sessions the keeper would honour (live or detached within the resume
 * window), the open bot sockets, and the sockets whose IDENTIFY waits for the upstream READY.
 * Guarded by the hub's lock (every method is called under it).
 */
final class HubSessions {
    private final Map<String, DownstreamSession> sessions = new LinkedHashMap<>();
    private final Set<DownstreamConnection> connections = new HashSet<>();
    private final List<DownstreamConnection> waitingForReady = new ArrayList<>();

    void add(DownstreamSession s) {
        sessions.put(s.id(), s);
    }

    DownstreamSession get(String id) {
        return id == null ? null : sessions.get(id);
    }

    void remove(String id) {
        sessions.remove(id);
    }

    /** Sessions with a connection, in the order they were made (the fan-out order). */
    List<DownstreamSession> live() {
        return sessions.values().stream().filter(DownstreamSession::live).toList();
    }

    boolean anyLive() {
        return sessions.values().stream().anyMatch(DownstreamSession::live);
    }

    void opened(DownstreamConnection c) {
        connections.add(c);
    }

    void closed(DownstreamConnection c) {
        connections.remove(c);
        waitingForReady.remove(c);
    }

    List<DownstreamConnection> connections() {
        return List.copyOf(connections);
    }

    void waitForReady(DownstreamConnection c) {
        waitingForReady.add(c);
    }

    /** The sockets that IDENTIFYed before the upstream READY; the list is emptied. */
    List<DownstreamConnection> takeWaiting() {
        List<DownstreamConnection> waiting = List.copyOf(waitingForReady);
        waitingForReady.clear();
        return waiting;
    }

    /** Forgets the sessions detached for a whole resume window; {@code ended} hears each id. */
    void expire(Instant now, Duration window, Consumer<String> ended) {
        sessions.values().removeIf(s -> {
            boolean gone = s.expired(now, window);
            if (gone) {
                ended.accept(s.id());
            }
            return gone;
        });
    }

    /** Sockets whose bot sent no heartbeat for {@code timeout}. */
    List<DownstreamConnection> silent(Instant now, Duration timeout) {
        return connections.stream().filter(c -> c.lastHeartbeat().plus(timeout).isBefore(now)).toList();
    }

    List<DownstreamSession> all() {
        return List.copyOf(sessions.values());
    }

    /** For the admin route: id, sequence, frames written, connected, last sequence read. */
    ArrayNode describe() {
        ArrayNode list = Jsons.MAPPER.createArrayNode();
        for (DownstreamSession s : sessions.values()) {
            DownstreamConnection c = s.connection();
            list.addObject().put("id", s.id()).put("seq", s.seq()).put("written", s.written())
                    .put("connected", c != null).put("last_read_seq", c == null ? -1 : c.lastReadSeq());
        }
        return list;
    }

    int connectionCount() {
        return connections.size();
    }

    int liveCount() {
        return (int) sessions.values().stream().filter(DownstreamSession::live).count();
    }

    int size() {
        return sessions.size();
    }
}
