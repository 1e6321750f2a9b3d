package io.ultrareliability.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --resume-window}: parsed as a duration, Discord's few minutes by default, range-checked. */
class ResumeWindowFlagTest {
    @Test
    void defaultsToFiveMinutesAndTakesADuration() {
        GatewaySimCommand defaults = new GatewaySimCommand();
        GatewaySimCommand.commandLine(defaults).parseArgs("--token", "t");
        assertThat(defaults.resumeWindow).isEqualTo(Duration.ofMinutes(5));
        GatewaySimCommand set = new GatewaySimCommand();
        GatewaySimCommand.commandLine(set).parseArgs("--token", "t", "--resume-window", "2s");
        assertThat(set.resumeWindow).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void outOfRangeOrMalformedIsExit2WithOneLine() {
        for (String bad : new String[] {"50ms", "soon"}) {
            StringWriter err = new StringWriter();
            CommandLine cl = GatewaySimCommand.commandLine(new GatewaySimCommand());
            cl.setErr(new PrintWriter(err));
            int code = cl.execute("--token", "t", "--resume-window", bad);
            assertThat(code).as("exit for --resume-window %s", bad).isEqualTo(2);
            assertThat(err.toString()).contains("resume").doesNotContain("\tat ");
        }
    }
}
