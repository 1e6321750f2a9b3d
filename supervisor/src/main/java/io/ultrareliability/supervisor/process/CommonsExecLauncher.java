package io.ultrareliability.supervisor.process;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteResultHandler;
import org.apache.commons.exec.LogOutputStream;
import org.apache.commons.exec.PumpStreamHandler;
import org.apache.commons.exec.environment.EnvironmentUtils;

/**
 * Spawns the child with Apache Commons Exec as {@code setsid COMMAND...}: setsid makes it
 * the leader of a new session and process group and execs in place (our forked child is
 * never a group leader), so the PID Java sees is the child's own and its PGID too.
 */
public final class CommonsExecLauncher implements ChildLauncher {
    private static final Duration LAUNCH_TIMEOUT = Duration.ofSeconds(10);
    private final String setsid;

    public CommonsExecLauncher() {
        this(findSetsid());
    }

    CommonsExecLauncher(String setsid) {
        this.setsid = requireNonNull(setsid, "setsid is null");
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
        DefaultExecutor executor = new CapturingExecutor(spec.workdir(), started);
        LogOutputStream lines = new LogOutputStream() {
            @Override
            protected void processLine(String line, int level) {
                outputLine.accept(line);
            }
        };
        HoldOpenInputStream stdin = new HoldOpenInputStream();
        PumpStreamHandler streams = new PumpStreamHandler(lines, lines, stdin);
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
            process = started.get(LAUNCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            stdin.close();
            throw new IOException("cannot start " + spec.command().get(0) + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            stdin.close();
            throw new IOException("starting " + spec.command().get(0) + " took over " + LAUNCH_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the child", e);
        }
        process.onExit().thenRun(stdin::close);
        return new GroupChild(process);
    }

    /**
     * Commons Exec hides the Process; this keeps it for the PID and the exit callback.
     * Overriding launch() needs a subclass, and the only constructor a subclass can call
     * (the Builder one is package-private) is the deprecated no-argument one.
     */
    @SuppressWarnings("deprecation")
    private static final class CapturingExecutor extends DefaultExecutor {
        private final CompletableFuture<Process> started;

        CapturingExecutor(Path workdir, CompletableFuture<Process> started) {
            this.started = started;
            setWorkingDirectory(workdir.toFile());
        }

        @Override
        protected Process launch(CommandLine command, Map<String, String> env, Path dir) throws IOException {
            Orphans.launching();
            long pid = 0;
            try {
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
