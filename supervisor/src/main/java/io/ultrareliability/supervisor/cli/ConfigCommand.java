package io.ultrareliability.supervisor.cli;

import io.ultrareliability.common.ByteSizes;
import io.ultrareliability.common.Durations;
import io.ultrareliability.supervisor.app.ExitCodes;
import io.ultrareliability.supervisor.app.VersionProvider;
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

    /** Every effective value, one key a line, in the order of docs/supervisor.md; no secret (child.env: names only). */
    static java.util.List<String> effective(SupervisorConfig c) {
        var h = c.health();
        var r = c.restart();
        var w = c.web();
        java.util.List<String> lines = new java.util.ArrayList<>(java.util.List.of(
                "child.command: " + c.child().command() + (c.child().defaultChild() != null ? " (the default bot)" : ""),
                "child.workdir: " + c.child().workdir(),
                "child.env: " + (c.child().env().isEmpty() ? "(none)" : new java.util.TreeSet<>(c.child().env().keySet())
                        + " (values not shown)"),
                "child.aot_cache: " + (c.child().aotCache() ? "auto (in use: the default bot)"
                        : c.child().defaultChild() == null ? "off (only for the default bot)" : "off"),
                "health.url: " + (h.enabled() ? h.url() : "(off)"),
                "health.interval: " + Durations.format(h.interval()) + ", health.timeout: "
                        + Durations.format(h.timeout()) + ", health.failure_threshold: " + h.failureThreshold()
                        + " (a hang is restarted within failure_threshold x (interval + timeout) = "
                        + Durations.format(h.interval().plus(h.timeout()).multipliedBy(h.failureThreshold())) + ")",
                "health.startup_grace: " + Durations.format(h.startupGrace()) + ", health.startup_interval: "
                        + Durations.format(h.startupInterval()),
                "health.not_ready_timeout: " + (h.notReadyTimeoutEnabled() ? Durations.format(h.notReadyTimeout()) : "0 (off)"),
                "heartbeat.max_age: " + (c.heartbeat().enabled() ? Durations.format(c.heartbeat().maxAge()) : "0 (off)")
                        + ", heartbeat.failure_threshold: " + c.heartbeat().failureThreshold(),
                "memory.max_rss: " + (c.memory().maxRssBytes() == 0 ? "0 (off)" : ByteSizes.format(c.memory().maxRssBytes()))
                        + ", memory.interval: " + Durations.format(c.memory().interval()) + ", memory.samples: "
                        + c.memory().samples(),
                "restart.initial_delay: " + Durations.format(r.initialDelay()) + ", restart.multiplier: " + r.multiplier()
                        + ", restart.max_delay: " + Durations.format(r.maxDelay()) + ", restart.jitter: " + r.jitter(),
                "restart.reset_after: " + Durations.format(r.resetAfter()) + " (healthy that long: the next crash"
                        + " restarts at once)",
                "restart.crash_loop_failures: " + r.crashLoopFailures() + " within restart.crash_loop_window: "
                        + Durations.format(r.crashLoopWindow()) + " raise the crash-loop alert",
                "stop.grace: " + Durations.format(c.stopGrace()),
                "status.history_size: " + c.historySize(),
                "log_triggers: " + c.logTriggers().stream().map(java.util.regex.Pattern::pattern).toList(),
                "web.enabled: " + w.enabled() + ", web.host: " + w.host() + ", web.port: "
                        + (w.port() == 0 ? "0 (any free port, see run/web.port)" : w.port())
                        + ", web.allow_remote: " + w.allowRemote(),
                "web.history_interval: " + Durations.format(w.historyInterval()) + ", web.history_size: "
                        + w.historySize()));
        lines.addAll(keeper(c));
        return lines;
    }

    /** issue 17: the keeper's effective values, or why there is none. */
    private static java.util.List<String> keeper(SupervisorConfig c) {
        SupervisorConfig.Keeper k = c.keeper();
        if (k == null) {
            return java.util.List.of("keeper: none (keeper.enabled: false, or a child.command of one's own without"
                    + " keeper.command)");
        }
        return java.util.List.of(
                "keeper.command: " + k.child().command(),
                "keeper.env: " + new java.util.TreeSet<>(k.child().env().keySet()) + " (values not shown)",
                "keeper.port: " + k.port() + " (the bot's DISCORD_GATEWAY_URL: " + k.gatewayUrl() + ")"
                        + (k.demo() ? ", demo mode: its simulator on keeper.demo_sim_port " + k.demoSimPort() : ""),
                "keeper.health: " + k.health().url() + " every " + Durations.format(k.health().interval())
                        + ", timeout " + Durations.format(k.health().timeout()) + ", failure_threshold "
                        + k.health().failureThreshold() + ", startup_grace " + Durations.format(k.health().startupGrace())
                        + ", not_ready_timeout " + (k.health().notReadyTimeoutEnabled()
                                ? Durations.format(k.health().notReadyTimeout()) : "0 (off)"),
                "keeper.memory.max_rss: " + (k.memory().maxRssBytes() == 0 ? "0 (off)"
                        : ByteSizes.format(k.memory().maxRssBytes())),
                "keeper.restart.initial_delay: " + Durations.format(k.restart().initialDelay())
                        + ", keeper.restart.max_delay: " + Durations.format(k.restart().maxDelay())
                        + ", keeper.stop.grace: " + Durations.format(k.stopGrace()));
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
            for (String line : effective(c)) {
                out.println("  " + line);
            }
            return ExitCodes.OK;
        }
    }
}
