package io.ultrareliability.supervisor.cli;

import io.ultrareliability.supervisor.app.ExitCodes;
import io.ultrareliability.supervisor.app.VersionProvider;
import java.util.concurrent.Callable;
import io.ultrareliability.supervisor.config.InvalidConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code ultra-reliability} command; each subcommand is its own class. */
@Command(
        name = "ultra-reliability",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Keeps a Discord bot online: supervises the bot process, probes its health "
                + "and restarts it with backoff.",
        subcommands = {RunCommand.class, StartCommand.class, StopCommand.class, RestartCommand.class,
            StatusCommand.class, EnsureRunningCommand.class, MonitorCommand.class, ConfigCommand.class,
            CommandLine.HelpCommand.class})
public final class UltraReliabilityCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** A command line wired with this project's exit-code mapping. */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new UltraReliabilityCommand());
        // A bad config is one line per problem and exit 78; a bad value (e.g. a duration) is a
        // one-line error and exit 2; never a stack trace.
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            if (ex instanceof InvalidConfigException config) {
                return HomeOptions.reportConfigErrors(config, line.getErr());
            }
            line.getErr().println("ultra-reliability: " + (ex instanceof IllegalArgumentException
                    ? ex.getMessage() : ex.getClass().getSimpleName() + ": " + ex.getMessage()));
            return ex instanceof IllegalArgumentException ? ExitCodes.USAGE : ExitCodes.FAILURE;
        });
        return cl;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }
}
