package io.ultrareliability.supervisor.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.ultrareliability.common.ByteSizes;
import io.ultrareliability.common.Durations;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the configuration: defaults, then the YAML file ({@code ULTRA_CONFIG} or
 * {@code ULTRA_HOME/config/ultra-reliability.yml}, optional), then environment variables
 * ({@code ULTRA_HEALTH_INTERVAL=...}), then {@code --set key=value} flags. Every problem
 * is reported at once, one line each, naming where the value came from.
 */
public final class ConfigLoader {
    public static final String DEFAULT_FILE = "config/ultra-reliability.yml";
    /** Below this no JVM bot runs: a smaller limit is a typo (512 meant 512MiB), and would restart forever. */
    public static final long MIN_MAX_RSS = 16L << 20;
    /** A key given twice is an error, not "the last one wins". */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final Path home;
    private final Map<String, String> env;

    public ConfigLoader(Path home, Map<String, String> env) {
        this.home = requireNonNull(home, "home is null").toAbsolutePath().normalize();
        this.env = Map.copyOf(requireNonNull(env, "env is null"));
    }

    /** The file that would be read, and whether it must exist (named explicitly). */
    public Path configFile(Path explicit) {
        if (explicit != null) {
            return home.resolve(explicit);
        }
        String fromEnv = env.get("ULTRA_CONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return home.resolve(fromEnv);
        }
        return home.resolve(DEFAULT_FILE);
    }

    private boolean explicitFile(Path explicit) {
        return explicit != null || (env.get("ULTRA_CONFIG") != null && !env.get("ULTRA_CONFIG").isBlank());
    }

    public SupervisorConfig load(Path explicitFile, Map<String, String> flags) throws InvalidConfigException {
        List<String> problems = new ArrayList<>();
        Map<String, String> scalars = new LinkedHashMap<>(ConfigKeys.SCALAR_DEFAULTS);
        Map<String, String> origin = new LinkedHashMap<>();
        List<String> command = null;
        List<String> keeperCommand = null;
        Map<String, String> childEnv = new LinkedHashMap<>();
        Map<String, String> keeperEnv = new LinkedHashMap<>();
        List<String> triggers = new ArrayList<>(ConfigKeys.DEFAULT_LOG_TRIGGERS);

        Path file = configFile(explicitFile);
        if (Files.isRegularFile(file)) {
            try {
                JsonNode root = YAML.readTree(file.toFile());
                if (root != null && !root.isMissingNode() && !root.isNull()) {
                    if (!root.isObject()) {
                        problems.add(file + ": the top level must be a mapping of keys");
                    } else {
                        Map<String, JsonNode> flat = new LinkedHashMap<>();
                        flatten("", root, flat);
                        for (Map.Entry<String, JsonNode> e : flat.entrySet()) {
                            String key = e.getKey();
                            JsonNode v = e.getValue();
                            String where = file.getFileName() + ": " + key;
                            if (!ConfigKeys.isKnown(key)) {
                                problems.add(where + ": unknown key");
                            } else if (key.equals(ConfigKeys.CHILD_COMMAND)) {
                                command = stringList(v, where, problems);
                            } else if (key.equals(ConfigKeys.LOG_TRIGGERS)) {
                                List<String> t = stringList(v, where, problems);
                                triggers = t == null ? triggers : t;
                            } else if (key.equals(ConfigKeys.CHILD_ENV)) {
                                childEnv = stringMap(v, where, problems);
                            } else if (key.equals(ConfigKeys.KEEPER_COMMAND)) {
                                keeperCommand = stringList(v, where, problems);
                            } else if (key.equals(ConfigKeys.KEEPER_ENV)) {
                                keeperEnv = stringMap(v, where, problems);
                            } else if (v.isContainerNode()) {
                                problems.add(where + ": expected a single value");
                            } else {
                                scalars.put(key, v.isNull() ? "" : v.asText());
                                origin.put(key, where);
                            }
                        }
                    }
                }
            } catch (JsonProcessingException e) {
                // Where, then what: "line 4, column 3: Duplicate field 'interval'"
                JsonLocation at = e.getLocation();
                problems.add(file + ": not valid YAML" + (at == null || at.getLineNr() < 1 ? ""
                        : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": "
                        + firstLine(e.getOriginalMessage()));
            } catch (IOException e) {
                problems.add(file + ": cannot read: " + firstLine(e.getMessage()));
            }
        } else if (explicitFile(explicitFile)) {
            problems.add("config file " + file + " does not exist");
        }

        problems.addAll(EnvNames.problems(env));
        for (String key : ConfigKeys.SCALAR_DEFAULTS.keySet()) {
            String name = ConfigKeys.envName(key);
            if (env.containsKey(name)) {
                scalars.put(key, env.get(name));
                origin.put(key, name);
            }
        }
        String envCommand = env.get(ConfigKeys.envName(ConfigKeys.CHILD_COMMAND));
        if (envCommand != null && !envCommand.isBlank()) {
            command = Arrays.asList(envCommand.trim().split("\\s+"));
        }
        String envKeeperCommand = env.get(ConfigKeys.envName(ConfigKeys.KEEPER_COMMAND));
        if (envKeeperCommand != null && !envKeeperCommand.isBlank()) {
            keeperCommand = Arrays.asList(envKeeperCommand.trim().split("\\s+"));
        }
        for (Map.Entry<String, String> f : flags.entrySet()) {
            String where = "--set " + f.getKey();
            if (ConfigKeys.SCALAR_DEFAULTS.containsKey(f.getKey())) {
                scalars.put(f.getKey(), f.getValue());
                origin.put(f.getKey(), where);
            } else if (f.getKey().equals(ConfigKeys.CHILD_COMMAND)) {
                command = Arrays.asList(f.getValue().trim().split("\\s+"));
            } else if (f.getKey().equals(ConfigKeys.KEEPER_COMMAND)) {
                keeperCommand = Arrays.asList(f.getValue().trim().split("\\s+"));
            } else {
                problems.add(where + ": unknown key");
            }
        }

        ConfigValues v = new ConfigValues(scalars, origin, problems);
        Path workdir = v.text("child.workdir").isBlank() ? home : home.resolve(v.text("child.workdir"));
        URI url = v.url("health.url");
        List<Pattern> patterns = new ArrayList<>();
        for (String t : triggers) {
            try {
                patterns.add(Pattern.compile(t));
            } catch (PatternSyntaxException e) {
                problems.add("log_triggers: bad regex '" + t + "': " + firstLine(e.getDescription()));
            }
        }
        SupervisorConfig.Health health = new SupervisorConfig.Health(url, v.positive("health.interval"),
                v.positive("health.timeout"), v.count("health.failure_threshold"),
                v.duration("health.startup_grace"), v.positive("health.startup_interval"),
                v.duration("health.not_ready_timeout"));
        SupervisorConfig.Heartbeat heartbeat = new SupervisorConfig.Heartbeat(
                v.duration("heartbeat.max_age"), v.count("heartbeat.failure_threshold"));
        SupervisorConfig.Memory memory = new SupervisorConfig.Memory(v.size("memory.max_rss", MIN_MAX_RSS),
                v.positive("memory.interval"), v.count("memory.samples"));
        SupervisorConfig.Restart restart = new SupervisorConfig.Restart(v.duration("restart.initial_delay"),
                v.duration("restart.max_delay"), v.number("restart.multiplier", 1.0, 100.0),
                v.number("restart.jitter", 0.0, 0.99), v.duration("restart.reset_after"),
                v.count("restart.crash_loop_failures"), v.positive("restart.crash_loop_window"));
        if (restart.maxDelay().compareTo(restart.initialDelay()) < 0) {
            problems.add("restart.max_delay must not be smaller than restart.initial_delay");
        }
        Duration stopGrace = v.duration("stop.grace");
        int history = v.count("status.history_size");
        boolean aot = switch (v.text(ConfigKeys.CHILD_AOT_CACHE).strip().toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> true;
            case "off" -> false;
            default -> {
                problems.add(v.where(ConfigKeys.CHILD_AOT_CACHE) + ": expected auto or off, got '"
                        + v.text(ConfigKeys.CHILD_AOT_CACHE) + "'");
                yield false;
            }
        };
        DefaultChild defaultChild = null;
        if (command == null) {
            defaultChild = DefaultChild.of(env);
            command = defaultChild.command();
        } else if (command.isEmpty() || command.get(0).isBlank()) {
            problems.add("child.command: must name a program, e.g. [\"/usr/bin/java\", \"-jar\", \"bot.jar\"]");
        }
        SupervisorConfig.Web web = WebKeys.parse(v::text, v::where, problems);
        childEnv = new LinkedHashMap<>(childEnv);
        SupervisorConfig.Keeper keeper = KeeperKeys.parse(v, keeperCommand, keeperEnv, defaultChild != null,
                childEnv, env, home, workdir, url == null ? -1 : url.getPort() == -1 ? 80 : url.getPort(),
                web.enabled() ? web.port() : -1);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        // issue 13: where the bot keeps its IDENTIFY ledger, and the secret of its POST /reconnect
        // (the supervisor's own control token: whoever may restart the bot may reconnect it)
        childEnv.putIfAbsent("BOT_STATE_DIR", home.resolve("run").toString());
        childEnv.putIfAbsent("BOT_CONTROL_SECRET_FILE", home.resolve("run").resolve("control.token").toString());
        return new SupervisorConfig(new SupervisorConfig.Child(command, workdir, childEnv, defaultChild,
                aot && defaultChild != null), health, heartbeat,
                memory, restart, stopGrace, patterns, history, web, keeper);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue().isObject() && !key.equals(ConfigKeys.CHILD_ENV) && !key.equals(ConfigKeys.KEEPER_ENV)) {
                flatten(key, e.getValue(), out);
            } else {
                out.put(key, e.getValue());
            }
        }
    }

    private static List<String> stringList(JsonNode v, String where, List<String> problems) {
        List<String> out = new ArrayList<>();
        if (v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            problems.add(where + ": expected a list, e.g. [\"a\", \"b\"]");
            return null;
        }
        for (JsonNode item : v) {
            if (item.isContainerNode() || item.isNull()) {
                problems.add(where + ": list items must be plain strings");
            } else {
                out.add(item.asText());
            }
        }
        return out;
    }

    private static Map<String, String> stringMap(JsonNode v, String where, List<String> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        if (v.isNull()) {
            return out;
        }
        if (!v.isObject()) {
            problems.add(where + ": expected a mapping NAME: value");
            return out;
        }
        v.properties().forEach(e -> {
            if (e.getValue().isContainerNode()) {
                problems.add(where + "." + e.getKey() + ": expected a plain value");
            } else {
                out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
            }
        });
        return out;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
