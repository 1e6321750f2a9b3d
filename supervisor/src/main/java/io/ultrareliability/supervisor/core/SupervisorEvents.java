package io.ultrareliability.supervisor.core;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.supervisor.process.ChildExit;
import io.ultrareliability.supervisor.process.ChildHandle;
import io.ultrareliability.supervisor.status.ChildState;
import io.ultrareliability.supervisor.status.RestartRecord;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's listeners and the state changes waiting to be told to them. State changes
 * are queued and told with the snapshot that follows them, so a listener always sees the
 * status that goes with the change. Touched only from the supervisor loop.
 */
final class SupervisorEvents {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisorEvents.class);

    private final List<SupervisorListener> listeners = new ArrayList<>();
    private final List<ChildState[]> pendingTransitions = new ArrayList<>();

    void add(SupervisorListener listener) {
        listeners.add(requireNonNull(listener, "listener is null"));
    }

    void childStarted(ChildHandle handle) {
        listeners.forEach(l -> l.onChildStarted(handle));
    }

    void childExited(ChildHandle handle, ChildExit exit) {
        listeners.forEach(l -> l.onChildExited(handle, exit));
    }

    void stopped() {
        listeners.forEach(SupervisorListener::onStopped);
    }

    void restart(RestartRecord rec) {
        tell("restart", l -> l.onRestart(rec));
    }

    void healthProbe(Duration latency, boolean ok) {
        tell("health probe", l -> l.onHealthProbe(latency, ok));
    }

    /** Queues a state change until the next {@link #published}. */
    void transitioned(ChildState from, ChildState to) {
        pendingTransitions.add(new ChildState[] {from, to});
    }

    /** Tells the queued state changes, each with the snapshot just published. */
    void published(StatusSnapshot s) {
        List<ChildState[]> changes = new ArrayList<>(pendingTransitions);
        pendingTransitions.clear();
        for (ChildState[] c : changes) {
            for (SupervisorListener l : listeners) {
                try {
                    l.onStateChange(c[0], c[1], s);
                } catch (RuntimeException e) {
                    LOG.warn("listener failed on {} -> {}: {}", c[0], c[1], e.getMessage());
                }
            }
        }
    }

    /** Listener hooks that report events: a failing listener is logged and never stops the loop. */
    private void tell(String event, Consumer<SupervisorListener> call) {
        for (SupervisorListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("listener failed on {}: {}", event, e.getMessage());
            }
        }
    }
}
