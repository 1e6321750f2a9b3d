package io.ultrareliability.supervisor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.common.Durations;
import io.ultrareliability.supervisor.app.ExitCodes;
import io.ultrareliability.supervisor.app.VersionProvider;
import io.ultrareliability.supervisor.process.Posix;
import io.ultrareliability.supervisor.process.ProcessIdentity;
import io.ultrareliability.supervisor.web.ControlClient;
import io.ultrareliability.supervisor.web.ControlClientException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Asks the running supervisor to restart its child with reason {@code manual}: through its web
 * API when that runs ({@code run/web.port}), else by SIGHUP.
 */
@Command(name = "restart", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Restart the child through the running supervisor (also leaves fatal).")
public final class RestartCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HomeOptions opts;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "90s",
            description = "How long to wait for the new child to be healthy (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--keeper", description = "Restart the gateway keeper instead of the bot (needs the web API;"
            + " the bot resumes its session with the new keeper).")
    boolean keeper;

    @Override
    public Integer call() {
        ProcessIdentity sup = RunningSupervisor.find(opts.home());
        if (sup == null) {
            spec.commandLine().getErr().println("not running");
            return ExitCodes.NOT_RUNNING;
        }
        if (keeper) {
            return keeperThroughApi();
        }
        if (ControlClient.available(opts.home().root())) {
            return throughApi();
        }
        JsonNode before = RunningSupervisor.status(opts.home());
        int restartsBefore = before == null ? 0 : before.path("child").path("restarts").asInt();
        // The PID file matched the process's start time: it is our supervisor, not a reused PID.
        Posix.kill(sup.pid(), Posix.SIGHUP);
        long deadline = System.nanoTime() + Durations.parse(timeout).toNanos();
        while (System.nanoTime() < deadline && sup.isAlive()) {
            JsonNode s = RunningSupervisor.status(opts.home());
            if (s != null && s.path("child").path("restarts").asInt() > restartsBefore) {
                String state = s.path("child").path("state").asText();
                if (state.equals("running")) {
                    spec.commandLine().getOut().println("restarted: child pid " + s.path("child").path("pid").asText());
                    return ExitCodes.OK;
                }
                if (state.equals("fatal")) {
                    spec.commandLine().getErr().println("the child failed fatally again: "
                            + s.path("child").path("fatal_reason").asText());
                    return ExitCodes.FAILURE;
                }
            }
            RunningSupervisor.sleep(Duration.ofMillis(100));
        }
        spec.commandLine().getErr().println("restart requested, but the child was not healthy within " + timeout);
        return ExitCodes.FAILURE;
    }

    /** POST /restart-keeper (issue 17); SIGHUP stays the bot's, so without the web API there is no way. */
    private int keeperThroughApi() {
        if (!ControlClient.available(opts.home().root())) {
            spec.commandLine().getErr().println("restart --keeper needs the supervisor's web API (web.enabled: true;"
                    + " run/web.port is missing)");
            return ExitCodes.FAILURE;
        }
        try {
            ControlClient.RestartOutcome r = ControlClient.forHome(opts.home().root())
                    .restartKeeperAndWait(Durations.parse(timeout));
            spec.commandLine().getOut().println("restarted: keeper pid " + r.childPid());
            return ExitCodes.OK;
        } catch (ControlClientException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return RunningSupervisor.find(opts.home()) == null ? ExitCodes.NOT_RUNNING : ExitCodes.FAILURE;
        }
    }

    /** POST /restart with the token from run/control.token, then wait for the new child. */
    private int throughApi() {
        try {
            ControlClient.RestartOutcome r = ControlClient.forHome(opts.home().root())
                    .restartAndWait(Durations.parse(timeout));
            spec.commandLine().getOut().println("restarted: child pid " + r.childPid());
            return ExitCodes.OK;
        } catch (ControlClientException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return RunningSupervisor.find(opts.home()) == null ? ExitCodes.NOT_RUNNING : ExitCodes.FAILURE;
        }
    }
}
