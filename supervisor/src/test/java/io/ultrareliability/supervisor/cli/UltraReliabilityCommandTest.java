package io.ultrareliability.supervisor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
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
    void anUnknownOptionIsAUsageErrorWithoutAStackTrace() {
        assertThat(run("--no-such-option")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Unknown option").doesNotContain("Exception");
    }
}
