package io.ultrareliability.supervisor.cli;

import io.ultrareliability.common.Durations;
import io.ultrareliability.supervisor.app.ExitCodes;
import io.ultrareliability.supervisor.app.VersionProvider;
import io.ultrareliability.supervisor.process.Posix;
import io.ultrareliability.supervisor.process.ProcessIdentity;
import io.ultrareliability.supervisor.status.AtomicFiles;
import io.ultrareliability.supervisor.status.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "stop", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Stop the supervisor and its child (SIGTERM); wait until both are gone.")
public final class StopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HomeOptions opts;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "How long to wait for the supervisor to exit (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--keep-session", description = "Keep the Discord session resumable (as a SIGTERM, an"
            + " upgrade or systemctl restart does): the bot is not shown offline if the stack is back within minutes."
            + " Without it, stop ends the session on purpose (the keeper closes it; the bot goes offline).")
    boolean keepSession;

    @Override
    public Integer call() {
        ProcessIdentity sup = RunningSupervisor.find(opts.home());
        if (sup == null) {
            spec.commandLine().getOut().println("not running");
            return ExitCodes.OK;
        }
        if (!keepSession) {
            // issue 17: tells this supervisor (by its PID: a later one ignores the file) that this
            // SIGTERM ends the Discord session; run/ is 0700, so only the owner can ask for that
            try {
                AtomicFiles.write(opts.home().endSessionFile(), (sup.pid() + "\n").getBytes(StandardCharsets.US_ASCII),
                        false, PrivateFiles.FILE);
            } catch (IOException e) {
                spec.commandLine().getErr().println("cannot write " + opts.home().endSessionFile() + " (" + e.getMessage()
                        + "): stopping, the Discord session stays resumable");
            }
        }
        Posix.kill(sup.pid(), Posix.SIGTERM);
        long deadline = System.nanoTime() + Durations.parse(timeout).toNanos();
        while (sup.isAlive()) {
            if (System.nanoTime() > deadline) {
                spec.commandLine().getErr().println("supervisor pid " + sup.pid() + " did not stop within " + timeout);
                return ExitCodes.FAILURE;
            }
            RunningSupervisor.sleep(Duration.ofMillis(50));
        }
        spec.commandLine().getOut().println("stopped (pid " + sup.pid() + ")");
        return ExitCodes.OK;
    }
}
