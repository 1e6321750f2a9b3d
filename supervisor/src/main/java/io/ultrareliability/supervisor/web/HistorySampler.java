package io.ultrareliability.supervisor.web;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.supervisor.status.StatusSnapshot;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Takes one {@link HistorySample} from the status snapshot per tick of the scheduler. */
final class HistorySampler implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(HistorySampler.class);

    private final SupervisorControl control;
    private final HistoryBuffer buffer;
    private final InstantSource clock;
    private final Redactor redactor;
    private boolean failing;

    HistorySampler(SupervisorControl control, HistoryBuffer buffer, InstantSource clock, Redactor redactor) {
        this.redactor = requireNonNull(redactor, "redactor is null");
        this.control = requireNonNull(control, "control is null");
        this.buffer = requireNonNull(buffer, "buffer is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Never throws: an exception would silently end a ScheduledExecutorService's repetition. */
    @Override
    public void run() {
        try {
            buffer.add(sample(control.statusSnapshot()));
            if (failing) {
                LOG.info("history sampling works again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("cannot sample the status for the history (will keep trying): {}", redactor.describe(e));
                failing = true;
            }
        }
    }

    HistorySample sample(StatusSnapshot s) {
        StatusSnapshot.Child c = s.child();
        return new HistorySample(clock.instant(), c.state().jsonName(), c.memory().rssBytes(),
                (double) c.health().latencyMs(), c.health().ok());
    }
}
