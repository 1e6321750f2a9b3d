package io.ultrareliability.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards the package structure read from the sources: {@code cli} (the commands) may start the
 * {@code daemon}, but the daemon must not reach back into the commands, directly or through another
 * package. Shared pieces (exit codes, version) live in {@code app}.
 */
class PackageCycleTest {
    private static final String ROOT = "io.ultrareliability.supervisor.";
    /** Any reference to a supervisor package, in an import or a fully qualified name. */
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.ultrareliability\\.supervisor\\.([a-z][a-z0-9]*)\\.");

    @Test
    void daemonDoesNotReachCli() {
        Map<String, Set<String>> graph = packageGraph(Path.of("src/main/java/io/ultrareliability/supervisor"));
        assertThat(graph).containsKeys("cli", "daemon", "app");
        assertThat(graph.get("cli")).as("cli uses daemon (sanity check of the scan)").contains("daemon");

        assertThat(reachable(graph, "daemon")).as("packages reachable from daemon; graph %s", graph)
            .doesNotContain("cli");
    }

    @Test
    void scanFindsAPlantedCycle() {
        Map<String, Set<String>> graph = new TreeMap<>(Map.of(
            "cli", Set.of("daemon"), "daemon", Set.of("web"), "web", Set.of("cli")));
        assertThat(reachable(graph, "daemon")).contains("cli");
        assertThat(reachable(Map.of("daemon", Set.of("app"), "app", Set.of()), "daemon")).containsExactly("app");
    }

    @Test
    void referencesCountImportsAndQualifiedNames() {
        assertThat(references("import io.ultrareliability.supervisor.cli.ExitCodes;\n"
            + "int c = io.ultrareliability.supervisor.web.Http.OK; // io.ultrareliability.common.X"))
            .containsExactlyInAnyOrder("cli", "web");
    }

    /** Package (first segment below the root) to the packages its main sources refer to. */
    static Map<String, Set<String>> packageGraph(Path sources) {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = sources.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue; // classes in the root package (the main class) sit above the features
                }
                String pkg = relative.getName(0).toString();
                Set<String> uses = graph.computeIfAbsent(pkg, p -> new TreeSet<>());
                references(Files.readString(file)).stream().filter(p -> !p.equals(pkg)).forEach(uses::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    static Set<String> references(String source) {
        Set<String> found = new TreeSet<>();
        Matcher m = REFERENCE.matcher(source);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    static Set<String> reachable(Map<String, Set<String>> graph, String from) {
        Set<String> seen = new TreeSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>(graph.getOrDefault(from, Set.of()));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (seen.add(next)) {
                todo.addAll(graph.getOrDefault(next, Set.of()));
            }
        }
        return seen;
    }
}
