package io.ultrareliability.supervisor.aot;

import io.ultrareliability.supervisor.status.AotCache;
import io.ultrareliability.supervisor.status.AotCacheState;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import java.time.Instant;

/**
 * The AOT cache's state for the status document, {@code supervisor.aot_cache} (the states are
 * {@link AotCacheState}'s): written on the supervisor loop, read by the status writer thread.
 */
public final class AotCacheStatus {
    private volatile AotCache current;

    /** Nothing to show (a child command of one's own): the field is left out. */
    public AotCacheStatus() {
        this.current = null;
    }

    void set(AotCacheState state, String detail, boolean inUse, Instant since) {
        current = new AotCache(state, inUse, since, detail);
    }

    void inUse(boolean inUse) {
        AotCache s = current;
        if (s != null && s.inUse() != inUse) {
            current = new AotCache(s.state(), inUse, s.since(), s.detail());
        }
    }

    /** Null while there is nothing to show. */
    public AotCache current() {
        return current;
    }

    /** Fills {@code supervisor.aot_cache} of a status document. */
    public StatusSnapshot decorate(StatusSnapshot status) {
        AotCache s = current;
        return s == null ? status : status.withSupervisor(status.supervisor().withAotCache(s));
    }
}
