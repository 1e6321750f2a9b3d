package io.ultrareliability.supervisor.cli;

import io.ultrareliability.supervisor.app.VersionProvider;
import io.ultrareliability.supervisor.config.InvalidConfigException;
import io.ultrareliability.supervisor.config.SupervisorConfig;
import io.ultrareliability.supervisor.daemon.SupervisorDaemon;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Run the supervisor in the foreground until SIGTERM/SIGINT.")
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HomeOptions opts;

    @Option(names = "--daemon", hidden = true, description = "Log to files only (set by start).")
    boolean daemon;

    @Override
    public Integer call() throws InvalidConfigException {
        SupervisorConfig config = opts.load();
        return new SupervisorDaemon(opts.home(), config, opts.configFile(), opts.env())
                .run(!daemon, spec.commandLine().getErr());
    }
}
