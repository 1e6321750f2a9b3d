package io.ultrareliability.supervisor.daemon;

import io.ultrareliability.supervisor.aot.AotCacheLauncher;
import io.ultrareliability.supervisor.aot.AotCacheStatus;
import io.ultrareliability.supervisor.app.ExitCodes;
import io.ultrareliability.supervisor.app.VersionProvider;
import io.ultrareliability.supervisor.config.SupervisorConfig;
import io.ultrareliability.supervisor.core.Supervisor;
import io.ultrareliability.supervisor.core.SupervisorParts;
import io.ultrareliability.supervisor.core.SystemScheduler;
import io.ultrareliability.supervisor.lock.AlreadyRunningException;
import io.ultrareliability.supervisor.lock.Home;
import io.ultrareliability.supervisor.liveness.InternalFailure;
import io.ultrareliability.supervisor.liveness.SelfWatchdog;
import io.ultrareliability.supervisor.liveness.SelfWatchdogThread;
import io.ultrareliability.supervisor.liveness.Supervision;
import io.ultrareliability.supervisor.lock.LockHeldException;
import io.ultrareliability.supervisor.lock.SupervisorLock;
import io.ultrareliability.supervisor.probe.HealthPortOwner;
import io.ultrareliability.supervisor.probe.HttpHealthChecker;
import io.ultrareliability.supervisor.probe.LogTriggers;
import io.ultrareliability.supervisor.probe.OshiMemorySampler;
import io.ultrareliability.supervisor.process.ChildLauncher;
import io.ultrareliability.supervisor.process.CommonsExecLauncher;
import io.ultrareliability.supervisor.process.Orphans;
import io.ultrareliability.supervisor.process.Posix;
import io.ultrareliability.supervisor.process.ProcFs;
import io.ultrareliability.supervisor.status.AutoRestartLog;
import io.ultrareliability.supervisor.status.Program;
import io.ultrareliability.supervisor.status.StackStatus;
import io.ultrareliability.supervisor.status.StatusFileWriter;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import io.ultrareliability.supervisor.systemd.SystemdNotifier;
import io.ultrareliability.supervisor.web.SupervisorMetrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** The foreground daemon behind {@code run}: lock, logs, leftover child, the loop, signals. */
public final class SupervisorDaemon {
    private final Home home;
    private final SupervisorConfig config;
    private final Path configFile;
    private final Map<String, String> env;

    public SupervisorDaemon(Home home, SupervisorConfig config, Path configFile, Map<String, String> env) {
        this.home = home;
        this.config = config;
        this.configFile = configFile;
        this.env = Map.copyOf(env);
    }

    /** Runs until SIGTERM/SIGINT; @return the process exit code */
    public int run(boolean console, PrintWriter err) {
        boolean steppedDown = false;
        SupervisorLock lock;
        try {
            lock = SupervisorLock.acquire(home);
        } catch (AlreadyRunningException e) {
            err.println("ultra-reliability: " + e.getMessage());
            return ExitCodes.ALREADY_RUNNING;
        } catch (LockHeldException e) {
            err.println("ultra-reliability: cannot start: " + e.getMessage());
            return ExitCodes.FAILURE;
        } catch (IOException e) {
            err.println("ultra-reliability: cannot take the lock " + home.lockFile() + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        Logging.daemon(home, console);
        // From here on a thread of ours that dies ends the process (exit 70): see InternalFailure.
        InternalFailure.installHalting();
        Logger log = LoggerFactory.getLogger(SupervisorDaemon.class);
        ChildOutputMask mask = ChildOutputMask.of(env, config.child().env());
        log.info("supervisor {} starting: pid {}, home {}, child {}", VersionProvider.version(),
                ProcessHandle.current().pid(), home.root(), mask.apply(config.child().command().toString()));
        try (lock) {
            try {
                LeftoverChild.stopIfAlive(home.childPidFile(), config.stopGrace());
                // issue 17: a keeper left by a killed supervisor (SIGTERM: its session stays resumable)
                LeftoverChild.stopIfAlive(home.keeperPidFile(),
                        config.keeper() != null ? config.keeper().stopGrace() : config.stopGrace());
            } catch (AlreadyRunningException e) {
                log.error("{}", e.getMessage());
                err.println("ultra-reliability: " + e.getMessage());
                Logging.shutdown();
                return ExitCodes.ALREADY_RUNNING;
            }
            try {
                lock.claim();
            } catch (IOException e) {
                log.error("cannot write {}: {}", home.pidFile(), e.getMessage());
                err.println("ultra-reliability: cannot write " + home.pidFile() + ": " + e.getMessage());
                Logging.shutdown();
                return ExitCodes.FAILURE;
            }
            becomeSubreaper(log);
            SystemScheduler scheduler = new SystemScheduler("supervisor-loop");
            ExecutorService httpThread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "health-probe");
                t.setDaemon(true);
                return t;
            });
            long pid = ProcessHandle.current().pid();
            SystemdNotifier systemd = SystemdNotifier.fromEnvironment(env, pid);
            HttpEndpoint http = new HttpEndpoint();
            AotCacheStatus aotStatus = new AotCacheStatus();
            boolean demo = DemoNotice.applies(config, env);
            if (demo) {
                log.warn(DemoNotice.LINE);
            }
            // what the core does not know, filled in where it is known
            UnaryOperator<StatusSnapshot> decorate =
                    s -> DemoNotice.decorate(aotStatus.decorate(http.decorate(s)), demo);
            Supervision supervision = new Supervision(config.health().timeout(), System::nanoTime);
            StatusFileWriter status = new StatusFileWriter(home.statusFile(), decorate, supervision::statusQueued,
                    supervision::statusWritten);
            StackStatus stack = new StackStatus(status, config.keeper() != null);
            AutoRestartLog restarts = new AutoRestartLog(home.autoRestartLog());
            SessionEnd.clear(home.endSessionFile()); // a leftover of an earlier stop is not for us
            Logger childLog = LoggerFactory.getLogger("child");
            ScheduledExecutorService childLogTimer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "child-log-flush");
                t.setDaemon(true);
                return t;
            });
            ChildLogBatcher childLogBatches = new ChildLogBatcher(childLog::info, childLogTimer);
            ChildOutputRing recentOutput = new ChildOutputRing(500);
            Optional<AotCacheLauncher> aot = AotCacheLauncher.forChild(config.child(), home.runDir(), scheduler,
                    new CommonsExecLauncher(), aotStatus);
            ChildLauncher launcher = aot.<ChildLauncher>map(a -> a).orElseGet(CommonsExecLauncher::new);
            SupervisorParts parts = new SupervisorParts(scheduler, launcher,
                    config.health().enabled()
                            ? supervision.tracked(new HttpHealthChecker(config.health().url(),
                                    config.health().timeout(), httpThread))
                            : null,
                    new OshiMemorySampler(), new LogTriggers(config.logTriggers()), stack.bot(),
                    restarts.program(Program.BOT.jsonName()), () -> ThreadLocalRandom.current().nextDouble(),
                    recentOutput.tee(childLogBatches), new ChangeWatch(configFile, env), pid,
                    VersionProvider.version(), mask,
                    childPid -> config.health().enabled() ? HealthPortOwner.foreign(config.health().url(), childPid)
                            : null);
            try {
                // the bot's POST /reconnect secret (issue 13), even when the web server is off
                io.ultrareliability.supervisor.web.ControlToken.loadOrCreate(home.runDir());
            } catch (RuntimeException e) {
                log.warn("the bot's POST /reconnect stays disabled: {}", e.getMessage());
            }
            Supervisor supervisor = new Supervisor(config, parts);
            supervisor.addListener(new ChildPidRecorder(home.childPidFile()));
            aot.ifPresent(supervisor::addListener);
            KeeperSupervisor keeperSup = KeeperSupervisor.create(config, home, scheduler, stack, restarts,
                    new ChangeWatch(configFile, env), pid, VersionProvider.version(), mask, childLogTimer);
            Supervisor keeper = keeperSup == null ? null : keeperSup.supervisor();
            SupervisorMetrics metrics = new SupervisorMetrics(keeper != null);
            supervisor.addListener(new MetricsListener(metrics, Program.BOT.jsonName()));
            SystemdListener systemdListener = new SystemdListener(systemd,
                    SystemdStatusLine.childName(config.child().command()), stack::current);
            supervisor.addListener(systemdListener);
            if (keeper != null) {
                keeper.addListener(new MetricsListener(metrics, Program.KEEPER.jsonName()));
                keeper.addListener(systemdListener);
                log.info("keeper: {} on 127.0.0.1:{}{}; the bot starts once it runs", mask.apply(
                        config.keeper().child().command().toString()), config.keeper().port(),
                        config.keeper().demo() ? " (demo mode: it runs the simulator on 127.0.0.1:"
                                + config.keeper().demoSimPort() + ")" : "");
            }
            ProgramPair pair = new ProgramPair(supervisor, keeper,
                    keeper == null ? java.time.Duration.ZERO : config.keeper().health().startupGrace(), scheduler,
                    () -> SessionEnd.requested(home.endSessionFile(), pid),
                    () -> SessionEnd.endSession(config.keeper().port(), home.runDir()));
            DaemonWeb web = DaemonWeb.of(config.web(), home, new WebControl(supervisor, keeper, stack::current,
                    recentOutput, decorate, config.health().enabled(), supervision), metrics, http, scheduler,
                    () -> publish(status, stack));
            if (web != null) {
                web.start();
            }
            supervision.startPulse(scheduler);
            installSignals(pair, systemd, log);
            if (systemd.enabled()) {
                log.info("sd_notify on: STATUS on each change, READY=1 once running{}",
                        systemd.watchdogPingInterval().map(d -> ", WATCHDOG=1 every " + d.toMillis() + "ms").orElse(""));
                systemd.status("starting: supervisor pid " + pid);
            }
            WatchdogPinger watchdog = systemd.watchdogPingInterval()
                    .map(every -> new WatchdogPinger(scheduler, every, systemd::watchdog, supervision::check).start())
                    .orElse(null);
            // Without systemd's watchdog (cron, a shell) nobody else would end a supervisor that
            // no longer supervises: it ends itself (exit 70) and cron starts a fresh one.
            Thread selfWatchdog = watchdog != null ? null
                    : SelfWatchdogThread.start(new SelfWatchdog(SelfWatchdog.DEFAULT_GRACE), supervision::check,
                            System::nanoTime, Supervision.PULSE, code -> Runtime.getRuntime().halt(code));
            HomeGuard guard = new HomeGuard(lock, scheduler, pair::shutdown).start();
            pair.start();
            pair.stoppedFuture().join();
            SessionEnd.clear(home.endSessionFile());
            guard.stop();
            // The child is down; whatever escaped its group was re-parented to us: stop it too.
            Orphans.stopAll(config.stopGrace());
            steppedDown = guard.steppedDown();
            if (watchdog != null) {
                watchdog.stop();
            }
            if (selfWatchdog != null) {
                selfWatchdog.interrupt();
            }
            if (web != null) {
                web.close();
                http.closed();
                publish(status, stack); // the last status says the port is gone too
            }
            status.close();
            childLogBatches.close();
            if (keeperSup != null) {
                keeperSup.close();
            }
            childLogTimer.shutdownNow();
            scheduler.close();
            httpThread.shutdownNow();
            log.info("supervisor stopped");
        } catch (IOException e) {
            log.warn("releasing the lock: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("supervisor failed", e);
            Logging.shutdown();
            return ExitCodes.FAILURE;
        }
        Logging.shutdown();
        return steppedDown ? ExitCodes.ALREADY_RUNNING : ExitCodes.OK;
    }

    /** Orphans of the child's tree come to us, not to init: nothing escapes (see {@link Orphans}). */
    private static void becomeSubreaper(Logger log) {
        try {
            Posix.becomeSubreaper();
        } catch (RuntimeException | LinkageError e) {
            log.warn("cannot become a child subreaper ({}): processes that leave the child's group escape on its"
                    + " exit", e.getMessage());
        }
    }

    private static void publish(StatusFileWriter status, StackStatus stack) {
        StatusSnapshot s = stack.current();
        if (s != null) {
            status.publish(s);
        }
    }

    private static void installSignals(ProgramPair pair, SystemdNotifier systemd, Logger log) {
        Supervisor supervisor = pair.bot();
        // Our TERM/INT handler replaces the JVM's shutdown: main() exits once the child is down.
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> {
                log.info("SIG{} received: stopping", name);
                systemd.stopping("stopping: SIG" + name + " received, stopping the child");
                pair.shutdown();
            });
        }
        Signal.handle(new Signal("HUP"), s -> {
            log.info("SIGHUP received: restarting the child");
            supervisor.requestRestart("SIGHUP (restart command)");
        });
        if (ProcFs.selfIgnores(1)) {
            // Started with SIGHUP ignored (nohup): the JVM keeps it ignored and runs no handler.
            log.warn("SIGHUP is ignored by this process (started under nohup?): kill -HUP will not restart the"
                    + " child; use `ultra-reliability restart` (the HTTP API) instead");
        }
    }
}
