package io.ultrareliability.supervisor.cli;

import io.ultrareliability.common.Durations;
import io.ultrareliability.supervisor.app.VersionProvider;
import io.ultrareliability.supervisor.config.InvalidConfigException;
import io.ultrareliability.supervisor.config.SupervisorConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "start", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Start the supervisor in the background; return once the child is healthy.")
public final class StartCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HomeOptions opts;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "How long to wait for a healthy child. Default: the startup grace + 30s.")
    String timeout;

    @Override
    public Integer call() throws InvalidConfigException {
        SupervisorConfig config = opts.load();
        Duration wait = timeout != null ? Durations.parse(timeout)
                : config.health().startupGrace().plusSeconds(30)
                        // issue 17: the bot starts once the keeper runs (at most its startup grace)
                        .plus(config.keeper() == null ? Duration.ZERO : config.keeper().health().startupGrace());
        return Daemonizer.start(opts, wait, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
