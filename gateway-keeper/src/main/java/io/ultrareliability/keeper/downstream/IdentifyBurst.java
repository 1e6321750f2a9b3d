package io.ultrareliability.keeper.downstream;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.keeper.state.GuildImage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a bot's IDENTIFY burst (READY, then one frame per guild) outside the hub's lock, from
 * images frozen under it. Live dispatches keep flowing to the other bots meanwhile; this
 * session's own are numbered after the burst and held until {@link DownstreamSession#burstWritten},
 * so the bot still reads READY, its guilds, the buffer, then live, without a gap or a repeat.
 * One guild is built while the previous one is being written, never more (a slow reader costs
 * two frames of memory, not the whole state).
 */
final class IdentifyBurst implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(IdentifyBurst.class);
    /** A bot that reads nothing of its burst for this long is closed (4009: it will IDENTIFY again). */
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(60);

    private final DownstreamHub hub;
    private final DownstreamSession session;
    private final DownstreamConnection connection;
    private final long firstSeq;
    private final String readyData;
    private final List<GuildImage> guilds;

    IdentifyBurst(DownstreamHub hub, DownstreamSession session, DownstreamConnection connection, long firstSeq,
            String readyData, List<GuildImage> guilds) {
        this.hub = requireNonNull(hub, "hub is null");
        this.session = requireNonNull(session, "session is null");
        this.connection = requireNonNull(connection, "connection is null");
        this.firstSeq = firstSeq;
        this.readyData = requireNonNull(readyData, "readyData is null");
        this.guilds = List.copyOf(guilds);
    }

    /** How many numbers the burst takes: READY and one per guild. */
    int frames() {
        return 1 + guilds.size();
    }

    @Override
    public void run() {
        try {
            write();
        } catch (RuntimeException e) {
            // Never leave the session holding its live frames for a burst that will not end:
            // the bot reconnects, its RESUME from inside the burst gets op 9, it IDENTIFYs again.
            LOG.error("identify burst of a bot session failed ({}); closing its socket", e.getClass().getSimpleName());
            connection.closeFromKeeper(4000, "Unknown error.");
        }
    }

    private void write() {
        long seq = firstSeq;
        CompletableFuture<Void> previous = connection.send(DownstreamSession.frame("READY", seq++, readyData));
        for (GuildImage g : guilds) {
            String frame = DownstreamSession.frame(g.type(), seq++, g.text());
            if (!written(previous)) {
                return;
            }
            previous = connection.send(frame);
        }
        if (written(previous)) {
            hub.burstWritten(session, connection, frames());
        }
    }

    /** Waits for the frame before: false when the socket is gone or the bot stopped reading. */
    private boolean written(CompletableFuture<Void> frame) {
        try {
            frame.get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return connection.isOpen();
        } catch (ExecutionException e) {
            return false;
        } catch (TimeoutException e) {
            connection.closeFromKeeper(4009, "Session timed out.");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.closeFromKeeper(1001, "keeper stopping");
            return false;
        }
    }
}
