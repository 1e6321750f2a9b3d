package io.ultrareliability.supervisor.cli;

import io.ultrareliability.common.Durations;
import io.ultrareliability.supervisor.app.ExitCodes;
import io.ultrareliability.supervisor.app.VersionProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A live view, one line per interval (seed 002's monitor_bot.py). */
@Command(name = "monitor", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Print a status line every interval: state, PID, uptime, RSS, health, restarts.")
public final class MonitorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HomeOptions opts;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "5s",
            description = "Time between lines (default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0",
            description = "Stop after N lines; 0 runs until interrupted (default: ${DEFAULT-VALUE}).")
    int count;

    @Override
    public Integer call() {
        Duration every;
        try {
            every = Durations.parse(interval);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("--interval: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        var out = spec.commandLine().getOut();
        for (int i = 0; count == 0 || i < count; i++) {
            if (i > 0) {
                RunningSupervisor.sleep(every);
            }
            boolean running = RunningSupervisor.find(opts.home()) != null;
            out.println(StatusView.monitorLine(RunningSupervisor.status(opts.home()), running, Instant.now()));
            out.flush();
        }
        return ExitCodes.OK;
    }
}
