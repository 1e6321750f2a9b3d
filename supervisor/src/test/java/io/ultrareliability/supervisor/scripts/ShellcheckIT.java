package io.ultrareliability.supervisor.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every shell script we ship is shellcheck-clean (scripts/test installs shellcheck). */
class ShellcheckIT {
    @Test
    void everyScriptPassesShellcheck() throws Exception {
        Path root = Repo.root();
        List<String> scripts = new ArrayList<>();
        // Every shell script in the checkout, wherever it lives (build output and git aside).
        try (Stream<Path> files = Files.walk(root, 6)) {
            files.filter(Files::isRegularFile)
                    .filter(p -> !root.relativize(p).toString().startsWith(".git/"))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/node_modules/"))
                    .filter(ShellcheckIT::isShell)
                    .forEach(p -> scripts.add(root.relativize(p).toString()));
        }
        assertThat(scripts).contains("scripts/ultra-reliability", "scripts/test", "scripts/lib/java.sh");

        List<String> command = new ArrayList<>(List.of("shellcheck", "-x", "--severity=style"));
        command.addAll(scripts);
        ProcessRun run = ProcessRun.run(root, Map.of("PATH", System.getenv("PATH")), 120, command);
        assertThat(run.exitCode()).as("shellcheck findings:%n%s%s", run.stdout(), run.stderr()).isZero();
    }

    private static boolean isShell(Path p) {
        String name = p.getFileName().toString();
        if (name.endsWith(".sh")) {
            return true;
        }
        try (var in = Files.newInputStream(p)) {
            String first = new String(in.readNBytes(64), java.nio.charset.StandardCharsets.ISO_8859_1)
                    .lines().findFirst().orElse("");
            return first.startsWith("#!") && first.contains("bash");
        } catch (Exception e) {
            return false;
        }
    }
}
