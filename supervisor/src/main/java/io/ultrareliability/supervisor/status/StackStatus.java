package io.ultrareliability.supervisor.status;

import static java.util.Objects.requireNonNull;

/**
 * Two supervised programs, one status document (issue 17): each program's core publishes its
 * own snapshot here; the bot's, with the keeper's latest attached, goes on to the status file
 * (and is what {@code /status} answers). The only place where the two are combined.
 */
public final class StackStatus {
    private final StatusSink out;
    private final boolean withKeeper;
    private StatusSnapshot bot;
    private StatusSnapshot keeper;

    /** @param withKeeper false: the document is the bot's alone ({@code keeper: null}) */
    public StackStatus(StatusSink out, boolean withKeeper) {
        this.out = requireNonNull(out, "out is null");
        this.withKeeper = withKeeper;
    }

    /** Where the bot's core publishes. */
    public StatusSink bot() {
        return s -> {
            StatusSnapshot combined;
            synchronized (this) {
                bot = s;
                combined = combined();
            }
            out.publish(combined);
        };
    }

    /** Where the keeper's core publishes; nothing is written before the bot's first snapshot. */
    public StatusSink keeper() {
        return s -> {
            StatusSnapshot combined;
            synchronized (this) {
                keeper = s;
                combined = bot == null ? null : combined();
            }
            if (combined != null) {
                out.publish(combined);
            }
        };
    }

    /** The latest combined snapshot, null before the bot's first. */
    public synchronized StatusSnapshot current() {
        return bot == null ? null : combined();
    }

    private StatusSnapshot combined() {
        return withKeeper ? bot.withKeeper(keeper) : bot;
    }
}
