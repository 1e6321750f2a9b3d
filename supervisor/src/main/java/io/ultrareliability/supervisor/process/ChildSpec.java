package io.ultrareliability.supervisor.process;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What to spawn: argv, working directory, extra environment (added to the supervisor's). */
public record ChildSpec(List<String> command, Path workdir, Map<String, String> env) {
    public ChildSpec {
        command = List.copyOf(command);
        requireNonNull(workdir, "workdir is null");
        env = Map.copyOf(env);
    }
}
