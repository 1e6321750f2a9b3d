package io.ultrareliability.supervisor.daemon;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.supervisor.config.SupervisorConfig;
import io.ultrareliability.supervisor.core.Scheduler;
import io.ultrareliability.supervisor.core.Supervisor;
import io.ultrareliability.supervisor.core.SupervisorListener;
import io.ultrareliability.supervisor.core.SupervisorParts;
import io.ultrareliability.supervisor.lock.Home;
import io.ultrareliability.supervisor.probe.HealthPortOwner;
import io.ultrareliability.supervisor.probe.HttpHealthChecker;
import io.ultrareliability.supervisor.probe.LogTriggers;
import io.ultrareliability.supervisor.probe.OshiMemorySampler;
import io.ultrareliability.supervisor.process.CommonsExecLauncher;
import io.ultrareliability.supervisor.status.AutoRestartLog;
import io.ultrareliability.supervisor.status.ChildState;
import io.ultrareliability.supervisor.status.Program;
import io.ultrareliability.supervisor.status.StackStatus;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keeper's own {@link Supervisor} (issue 17): the same core as the bot's, with the keeper's
 * slice of the config ({@link SupervisorConfig#keeperProgram()}), its probe on a thread of its
 * own (a hung keeper probe never delays the bot's), its output to {@code logs/keeper.log}, its
 * restarts in the shared {@code auto_restart.log} as {@code program=keeper}, its PID in
 * {@code run/keeper.pid}. No AOT cache (the keeper is not restarted on the bot's schedule;
 * its start-up is dominated by RESUMEing upstream, not class loading).
 */
final class KeeperSupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeeperSupervisor.class);
    private final Supervisor supervisor;
    private final ExecutorService probeThread;
    private final ChildLogBatcher output;

    private KeeperSupervisor(Supervisor supervisor, ExecutorService probeThread, ChildLogBatcher output) {
        this.supervisor = supervisor;
        this.probeThread = probeThread;
        this.output = output;
    }

    /** @return null when the config has no keeper */
    static KeeperSupervisor create(SupervisorConfig config, Home home, Scheduler loop, StackStatus status,
            AutoRestartLog restarts, Supplier<String> changeWatch, long pid, String version,
            UnaryOperator<String> mask, ScheduledExecutorService logTimer) {
        requireNonNull(status, "status is null");
        if (config.keeper() == null) {
            return null;
        }
        SupervisorConfig k = config.keeperProgram();
        ExecutorService probeThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "keeper-health-probe");
            t.setDaemon(true);
            return t;
        });
        ChildLogBatcher output = new ChildLogBatcher(LoggerFactory.getLogger("keeper")::info, logTimer);
        SupervisorParts parts = new SupervisorParts(loop, new CommonsExecLauncher(),
                new HttpHealthChecker(k.health().url(), k.health().timeout(), probeThread), new OshiMemorySampler(),
                new LogTriggers(k.logTriggers()), status.keeper(), restarts.program(Program.KEEPER.jsonName()),
                () -> ThreadLocalRandom.current().nextDouble(), output, changeWatch, pid, version, mask,
                childPid -> HealthPortOwner.foreign(k.health().url(), childPid));
        Supervisor s = new Supervisor(k, parts);
        s.addListener(new ChildPidRecorder(home.keeperPidFile()));
        s.addListener(new SupervisorListener() {
            // the core's own lines ("child state ...") read the same for both programs: say which
            @Override
            public void onStateChange(ChildState from, ChildState to, StatusSnapshot snapshot) {
                Long p = snapshot.child().pid();
                LOG.info("keeper: {} -> {}{}", from.jsonName(), to.jsonName(), p != null ? " (pid " + p + ")" : "");
            }
        });
        return new KeeperSupervisor(s, probeThread, output);
    }

    Supervisor supervisor() {
        return supervisor;
    }

    @Override
    public void close() {
        output.close();
        probeThread.shutdownNow();
    }
}
