package io.ultrareliability.supervisor.cli;

import io.ultrareliability.common.ByteSizes;
import io.ultrareliability.common.Durations;
import io.ultrareliability.supervisor.config.InvalidConfigException;
import io.ultrareliability.supervisor.config.SupervisorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "config", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Configuration tools.", subcommands = ConfigCommand.Validate.class)
public final class ConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }

    @Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Check the config (file, env, --set); exit 78 with one line per problem.")
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        HomeOptions opts;

        @Override
        public Integer call() throws InvalidConfigException {
            SupervisorConfig c = opts.load();
            Path file = opts.configFile();
            var out = spec.commandLine().getOut();
            out.println("config OK: " + (Files.isRegularFile(file) ? file : "defaults (no " + file + ")"));
            out.println("  child.command: " + c.child().command());
            out.println("  child.workdir: " + c.child().workdir());
            out.println("  health.url: " + (c.health().enabled() ? c.health().url() : "(off)")
                    + ", every " + Durations.format(c.health().interval()) + ", timeout "
                    + Durations.format(c.health().timeout()) + ", " + c.health().failureThreshold()
                    + " failures, startup grace " + Durations.format(c.health().startupGrace()));
            out.println("  memory.max_rss: " + (c.memory().maxRssBytes() == 0 ? "(off)" : ByteSizes.format(c.memory().maxRssBytes())));
            out.println("  restart: " + Durations.format(c.restart().initialDelay()) + " x" + c.restart().multiplier()
                    + " up to " + Durations.format(c.restart().maxDelay()) + ", reset after "
                    + Durations.format(c.restart().resetAfter()));
            out.println("  stop.grace: " + Durations.format(c.stopGrace()));
            out.println("  web: " + (c.web().enabled() ? "http://" + c.web().host() + ":"
                    + (c.web().port() == 0 ? "(any free port)" : c.web().port()) + "/" : "(off)"));
            return ExitCodes.OK;
        }
    }
}
