package io.ultrareliability.supervisor.cli;

import io.ultrareliability.supervisor.app.ExitCodes;
import io.ultrareliability.supervisor.app.VersionProvider;
import io.ultrareliability.supervisor.config.InvalidConfigException;
import io.ultrareliability.supervisor.config.SupervisorConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "ensure-running", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "For cron: start the supervisor if it is not running; silent when it is.")
public final class EnsureRunningCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HomeOptions opts;

    @Override
    public Integer call() throws InvalidConfigException {
        if (RunningSupervisor.find(opts.home()) != null) {
            return ExitCodes.OK;
        }
        SupervisorConfig config = opts.load();
        return Daemonizer.start(opts, config.health().startupGrace().plusSeconds(30), spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }
}
