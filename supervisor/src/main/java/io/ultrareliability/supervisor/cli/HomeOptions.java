package io.ultrareliability.supervisor.cli;

import io.ultrareliability.supervisor.app.ExitCodes;
import io.ultrareliability.supervisor.config.InvalidConfigException;
import io.ultrareliability.supervisor.config.ConfigLoader;
import io.ultrareliability.supervisor.config.SupervisorConfig;
import io.ultrareliability.supervisor.lock.Home;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every subcommand shares: where the home is, which config, overrides. */
public final class HomeOptions {
    @Option(names = "--home", paramLabel = "DIR",
            description = "Home directory (run/, logs/, status file). Default: $ULTRA_HOME, else the working directory.")
    Path home;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Config file. Default: $ULTRA_CONFIG, else HOME/config/ultra-reliability.yml (optional).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one config key, e.g. --set health.interval=2s (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    Map<String, String> env() {
        return System.getenv();
    }

    public Home home() {
        return home != null ? new Home(home) : Home.fromEnv(env());
    }

    ConfigLoader loader() {
        return new ConfigLoader(home().root(), env());
    }

    Path configFile() {
        return loader().configFile(config);
    }

    SupervisorConfig load() throws InvalidConfigException {
        return loader().load(config, overrides);
    }

    /** The same options as arguments, to hand to a re-launched supervisor. */
    List<String> asArgs() {
        List<String> args = new ArrayList<>(List.of("--home", home().root().toString()));
        if (config != null) {
            args.add("--config");
            args.add(home().root().resolve(config).toString());
        }
        overrides.forEach((k, v) -> {
            args.add("--set");
            args.add(k + "=" + v);
        });
        return args;
    }

    /** Prints each problem on its own line; @return the EX_CONFIG exit code */
    static int reportConfigErrors(InvalidConfigException e, PrintWriter err) {
        for (String p : e.problems()) {
            err.println("config error: " + p);
        }
        return ExitCodes.CONFIG;
    }
}
