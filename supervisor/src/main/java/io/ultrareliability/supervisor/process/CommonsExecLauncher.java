package io.ultrareliability.supervisor.process;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteResultHandler;
import org.apache.commons.exec.PumpStreamHandler;
import org.apache.commons.exec.StreamPumper;
import org.apache.commons.exec.environment.EnvironmentUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spawns the child with Apache Commons Exec as {@code setsid COMMAND...}: setsid makes it
 * the leader of a new session and process group and execs in place (our forked child is
 * never a group leader), so the PID Java sees is the child's own and its PGID too.
 */
public final class CommonsExecLauncher implements ChildLauncher {
    private static final Duration LAUNCH_TIMEOUT = Duration.ofSeconds(10);
    /** Bytes per read from the child's pipes (Commons Exec's default is 1 KiB: 20,000 reads per 20 MB). */
    private static final int PUMP_BUFFER = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(CommonsExecLauncher.class);
    private final String setsid;
    private final int maxLine;
    private final Duration launchTimeout;
    private final Runnable beforeLaunch;
    private final LongConsumer lateSpawnKilled;

    public CommonsExecLauncher() {
        this(findSetsid(), LineSplitter.DEFAULT_MAX_LINE, LAUNCH_TIMEOUT, () -> { }, pid -> { });
    }

    /**
     * @param beforeLaunch runs on the executor's thread just before the fork (tests: a slow start)
     * @param lateSpawnKilled told the PID of each child that appeared after its launch timed out, once killed
     */
    CommonsExecLauncher(String setsid, int maxLine, Duration launchTimeout, Runnable beforeLaunch,
            LongConsumer lateSpawnKilled) {
        this.setsid = requireNonNull(setsid, "setsid is null");
        this.maxLine = maxLine;
        this.launchTimeout = requireNonNull(launchTimeout, "launchTimeout is null");
        this.beforeLaunch = requireNonNull(beforeLaunch, "beforeLaunch is null");
        this.lateSpawnKilled = requireNonNull(lateSpawnKilled, "lateSpawnKilled is null");
    }

    static String defaultSetsid() {
        return findSetsid();
    }

    private static String findSetsid() {
        for (String p : new String[] {"/usr/bin/setsid", "/bin/setsid"}) {
            if (new File(p).canExecute()) {
                return p;
            }
        }
        return "setsid";
    }

    @Override
    public ChildHandle launch(ChildSpec spec, Consumer<String> outputLine) throws IOException {
        CommandLine cmd = new CommandLine(setsid);
        for (String arg : spec.command()) {
            cmd.addArgument(arg, false);
        }
        Map<String, String> env = new HashMap<>(EnvironmentUtils.getProcEnvironment());
        env.putAll(spec.env());
        // setsid would report a missing program as exit 127, which looks like a crash and loops.
        String problem = Executables.problem(spec.command().get(0), spec.workdir(), env.get("PATH"));
        if (problem != null) {
            throw new NotExecutableException(problem);
        }

        CompletableFuture<Process> started = new CompletableFuture<>();
        DefaultExecutor executor = new CapturingExecutor(spec.workdir(), started, beforeLaunch);
        HoldOpenInputStream stdin = new HoldOpenInputStream();
        PumpStreamHandler streams = new BigBufferPumps(new LineSplitter(maxLine, outputLine),
                new LineSplitter(maxLine, outputLine), stdin);
        // A grandchild may keep stdout open after the child died: do not wait for it forever.
        streams.setStopTimeout(Duration.ofSeconds(2));
        executor.setStreamHandler(streams);
        executor.setExitValues(null);
        executor.execute(cmd, env, new ExecuteResultHandler() {
            @Override
            public void onProcessComplete(int exitValue) {
                stdin.close();
            }

            @Override
            public void onProcessFailed(ExecuteException e) {
                stdin.close();
                started.completeExceptionally(e);
            }
        });
        Process process;
        try {
            process = started.get(launchTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            stdin.close();
            throw new IOException("cannot start " + spec.command().get(0) + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            stdin.close();
            long gaveUp = System.nanoTime();
            // The fork may still succeed: that process would run unsupervised (and unrecorded).
            // Kill it, and its whole group, the moment it appears.
            started.thenAccept(late -> killLateSpawn(late, spec, gaveUp));
            throw new IOException("starting " + spec.command().get(0) + " took over " + describe(launchTimeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the child", e);
        }
        process.onExit().thenRun(stdin::close);
        return new GroupChild(process);
    }

    private void killLateSpawn(Process late, ChildSpec spec, long gaveUpNanos) {
        long pid = late.pid();
        Posix.killGroup(pid, Posix.SIGKILL);
        late.destroyForcibly();
        LOG.warn("late spawn: {} (pid {}) appeared {} ms after its start had timed out; killed its process group",
                spec.command().get(0), pid, (System.nanoTime() - gaveUpNanos) / 1_000_000);
        lateSpawnKilled.accept(pid);
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Pumps that read the child's pipes 64 KiB at a time. */
    private static final class BigBufferPumps extends PumpStreamHandler {
        BigBufferPumps(OutputStream out, OutputStream err, InputStream in) {
            super(out, err, in);
        }

        @Override
        protected Thread createPump(InputStream is, OutputStream os, boolean closeWhenExhausted) {
            Thread t = new Thread(new StreamPumper(is, os, closeWhenExhausted, PUMP_BUFFER), "child-output-pump");
            t.setDaemon(true);
            return t;
        }
    }

    /**
     * Commons Exec hides the Process; this keeps it for the PID and the exit callback.
     * Overriding launch() needs a subclass, and the only constructor a subclass can call
     * (the Builder one is package-private) is the deprecated no-argument one.
     */
    @SuppressWarnings("deprecation")
    private static final class CapturingExecutor extends DefaultExecutor {
        private final CompletableFuture<Process> started;
        private final Runnable beforeLaunch;

        CapturingExecutor(Path workdir, CompletableFuture<Process> started, Runnable beforeLaunch) {
            this.started = started;
            this.beforeLaunch = beforeLaunch;
            setWorkingDirectory(workdir.toFile());
        }

        @Override
        protected Process launch(CommandLine command, Map<String, String> env, Path dir) throws IOException {
            Orphans.launching();
            long pid = 0;
            try {
                beforeLaunch.run();
                Process p = super.launch(command, env, dir);
                pid = p.pid();
                p.onExit().thenRun(() -> Orphans.reaped(p.pid()));
                started.complete(p);
                return p;
            } catch (IOException | RuntimeException e) {
                started.completeExceptionally(e);
                throw e;
            } finally {
                Orphans.launched(pid);
            }
        }

        @Override
        protected Process launch(CommandLine command, Map<String, String> env, File dir) throws IOException {
            return launch(command, env, dir == null ? null : dir.toPath());
        }
    }
}
