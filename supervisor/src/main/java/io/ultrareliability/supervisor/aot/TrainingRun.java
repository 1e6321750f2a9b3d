package io.ultrareliability.supervisor.aot;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.common.Durations;
import io.ultrareliability.supervisor.core.Scheduler;
import io.ultrareliability.supervisor.process.ChildExit;
import io.ultrareliability.supervisor.process.ChildHandle;
import io.ultrareliability.supervisor.process.ChildLauncher;
import io.ultrareliability.supervisor.process.ChildSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run of the bot that writes the AOT cache when its JVM exits. It runs in its
 * own process group like the child (killed as a group on timeout or shutdown), and reports
 * one {@link Result} on the scheduler's thread. Success needs all three: exit 0, the JDK's
 * {@code AOTCache creation is complete} line, and a non-empty output file.
 */
final class TrainingRun {
    private static final Logger LOG = LoggerFactory.getLogger("aot-training");
    static final String COMPLETE = "AOTCache creation is complete";
    private static final int TAIL = 20;

    /** How a training run ended; {@code detail} names what went wrong, with the numbers. */
    record Result(boolean ok, String detail, Duration took, List<String> lastLines) {
        Result {
            requireNonNull(detail, "detail is null");
            requireNonNull(took, "took is null");
            lastLines = List.copyOf(lastLines);
        }
    }

    private final Scheduler scheduler;
    private final LongSupplier outputSize;
    private final Consumer<Result> done;
    private final Deque<String> tail = new ArrayDeque<>();
    private final long startedNanos;
    private volatile boolean sawComplete;
    private ChildHandle handle;
    private Scheduler.Cancellable timeout = Scheduler.Cancellable.NONE;
    private boolean finished;

    private TrainingRun(Scheduler scheduler, LongSupplier outputSize, Consumer<Result> done) {
        this.scheduler = scheduler;
        this.outputSize = outputSize;
        this.done = done;
        this.startedNanos = scheduler.nanoTime();
    }

    /**
     * Starts a run; call on the scheduler's thread. {@code done} is called there, once.
     *
     * @param outputSize the size of the file the run writes (0 when absent)
     */
    static TrainingRun start(ChildLauncher launcher, ChildSpec spec, Scheduler scheduler, Duration limit,
            LongSupplier outputSize, Consumer<Result> done) {
        TrainingRun t = new TrainingRun(scheduler, outputSize, done);
        try {
            t.handle = launcher.launch(spec, t::onLine);
        } catch (IOException | RuntimeException e) {
            t.finish(false, "cannot start the training run: " + e.getMessage());
            return t;
        }
        LOG.info("AOT training run started: pid {}", t.handle.pid());
        t.handle.onExit(exit -> scheduler.execute(() -> t.onExit(exit)));
        t.timeout = scheduler.schedule(limit, () -> {
            if (!t.finished) {
                t.handle.kill();
                t.finish(false, "the training run took over " + Durations.format(limit) + ": killed");
            }
        });
        return t;
    }

    /** Stops a run that is still going (supervisor shutdown): kills its group and waits for it. */
    void cancel() {
        if (finished) {
            return;
        }
        timeout.cancel();
        if (handle != null) {
            handle.kill();
            handle.reapGroup();
        }
        finish(false, "cancelled: the supervisor is stopping");
    }

    boolean finished() {
        return finished;
    }

    private void onLine(String line) {
        if (line.contains(COMPLETE)) {
            sawComplete = true;
        }
        LOG.debug("{}", line);
        synchronized (tail) {
            tail.addLast(line);
            if (tail.size() > TAIL) {
                tail.removeFirst();
            }
        }
    }

    private void onExit(ChildExit exit) {
        if (finished) {
            return;
        }
        timeout.cancel();
        // The JDK assembles the cache in a JVM of its own; nothing of the group may outlive the run.
        handle.reapGroup();
        long size = outputSize.getAsLong();
        if (exit.bySignal() || exit.code() != 0) {
            finish(false, "the training run ended with " + exit.describe());
        } else if (!sawComplete) {
            finish(false, "the training run exited 0 without \"" + COMPLETE + "\" (is the JDK 25+?)");
        } else if (size <= 0) {
            finish(false, "the training run reported success but wrote no cache");
        } else {
            finish(true, "cache of " + size / (1024 * 1024) + " MiB");
        }
    }

    private void finish(boolean ok, String detail) {
        finished = true;
        List<String> lines;
        synchronized (tail) {
            lines = List.copyOf(tail);
        }
        done.accept(new Result(ok, detail, Duration.ofNanos(scheduler.nanoTime() - startedNanos), lines));
    }
}
