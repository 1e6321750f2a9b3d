package io.ultrareliability.supervisor.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** A supervisor home per test, its config file, and the loader over it. */
abstract class ConfigFileTestBase {
    @TempDir
    Path home;

    SupervisorConfig load(Map<String, String> env, Map<String, String> flags) throws InvalidConfigException {
        return new ConfigLoader(home, env).load(null, flags);
    }

    void yaml(String text) throws Exception {
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/ultra-reliability.yml"), text);
    }
}
