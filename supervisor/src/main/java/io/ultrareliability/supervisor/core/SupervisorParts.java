package io.ultrareliability.supervisor.core;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.supervisor.probe.HealthChecker;
import io.ultrareliability.supervisor.probe.LogTriggers;
import io.ultrareliability.supervisor.probe.MemorySampler;
import io.ultrareliability.supervisor.process.ChildLauncher;
import io.ultrareliability.supervisor.status.RestartLog;
import io.ultrareliability.supervisor.status.StatusSink;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * What the supervisor core works with: real ones in the daemon, fakes in unit tests.
 *
 * @param health null when no HTTP probe is configured
 * @param random uniform numbers in [0, 1) for backoff jitter
 * @param childOutput where each child output line goes (logs/bot.log)
 * @param changeWatch a fingerprint of the config and token sources; a change leaves fatal
 * @param outputMask masks secrets in a child output line before it reaches the status file
 *        (crash records, trigger details) or the supervisor's own log; {@code childOutput}
 *        (bot.log) still gets the raw line
 * @param foreignHealth given the child's PID at its first healthy answer: null when that answer
 *        came from the child, else why not (a foreign process holds the health port)
 */
public record SupervisorParts(Scheduler scheduler, ChildLauncher launcher, HealthChecker health,
        MemorySampler memory, LogTriggers triggers, StatusSink status, RestartLog restartLog,
        DoubleSupplier random, Consumer<String> childOutput, Supplier<String> changeWatch,
        long supervisorPid, String version, UnaryOperator<String> outputMask, LongFunction<String> foreignHealth) {
    public SupervisorParts {
        requireNonNull(outputMask, "outputMask is null");
        requireNonNull(foreignHealth, "foreignHealth is null");
        requireNonNull(scheduler, "scheduler is null");
        requireNonNull(launcher, "launcher is null");
        requireNonNull(memory, "memory is null");
        requireNonNull(triggers, "triggers is null");
        requireNonNull(status, "status is null");
        requireNonNull(restartLog, "restartLog is null");
        requireNonNull(random, "random is null");
        requireNonNull(childOutput, "childOutput is null");
        requireNonNull(changeWatch, "changeWatch is null");
        requireNonNull(version, "version is null");
    }

    /** Without an output mask (unit tests whose children print no secret). */
    public SupervisorParts(Scheduler scheduler, ChildLauncher launcher, HealthChecker health,
            MemorySampler memory, LogTriggers triggers, StatusSink status, RestartLog restartLog,
            DoubleSupplier random, Consumer<String> childOutput, Supplier<String> changeWatch,
            long supervisorPid, String version) {
        this(scheduler, launcher, health, memory, triggers, status, restartLog, random, childOutput, changeWatch,
                supervisorPid, version, UnaryOperator.identity(), pid -> null);
    }
}
