package io.ultrareliability.supervisor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrareliability.supervisor.app.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class UltraReliabilityCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = UltraReliabilityCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void versionNamesTheProductAndTheJava() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("ultra-reliability ").contains("Java " + Runtime.version().feature());
    }

    @Test
    void helpListsTheUsage() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: ultra-reliability");
    }

    @Test
    void everySubcommandAnswersHelpWithItsOwnUsage() {
        java.util.List<String> paths = new java.util.ArrayList<>();
        collect(UltraReliabilityCommand.newCommandLine(), "", paths);
        assertThat(paths).contains("run", "start", "stop", "restart", "status", "ensure-running", "monitor",
                "config", "config validate");
        for (String path : paths) {
            for (String flag : new String[] {"--help", "-h"}) {
                out.getBuffer().setLength(0);
                err.getBuffer().setLength(0);
                java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(path.split(" ")));
                args.add(flag);
                assertThat(run(args.toArray(String[]::new))).as(path + " " + flag + ": " + err).isZero();
                assertThat(out.toString()).as(path).contains("Usage: ultra-reliability " + path);
                assertThat(err.toString()).as(path).isEmpty();
            }
        }
    }

    /** Every subcommand's path below {@code cl}, e.g. "config validate"; not the help command. */
    private static void collect(CommandLine cl, String prefix, java.util.List<String> paths) {
        cl.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().helpCommand()) {
                paths.add(prefix + name);
                collect(sub, prefix + name + " ", paths);
            }
        });
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithoutAStackTrace() {
        assertThat(run("--no-such-option")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Unknown option").doesNotContain("Exception");
    }

    @Test
    void aBadConfigIsOneLinePerProblemAndExit78ForEveryCommandThatLoadsIt(@TempDir Path home) {
        for (String command : new String[] {"run", "start", "ensure-running", "config validate"}) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command.split(" ")));
            args.addAll(java.util.List.of("--home", home.toString(), "--set", "stop.grace=soon"));
            assertThat(run(args.toArray(String[]::new))).as(command).isEqualTo(ExitCodes.CONFIG);
            assertThat(err.toString()).as(command).startsWith("config error: --set stop.grace: ")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
    }
}
