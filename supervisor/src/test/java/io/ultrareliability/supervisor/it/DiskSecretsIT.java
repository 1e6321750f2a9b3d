package io.ultrareliability.supervisor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, row 7: a child that prints its token. The status file (crash record, trigger
 * detail), the supervisor log and auto_restart.log get the line masked as the HTTP answers
 * do; logs/bot.log keeps the bot's own output, 0600.
 */
class DiskSecretsIT extends OneSupervisorPerTest {
    /** Not Discord-shaped: only the literal mask (the token the supervisor passes on) catches it. */
    private static final String TOKEN = "plain-test-token-4242-zqxv";
    /** Discord-shaped: the pattern catches it, whatever its source. */
    private static final String SHAPED = "MTIzNDU2Nzg5MDEyMzQ1Njc4" + ".GAbCdE." + "abcdefghijklmnopqrstuvwxyz0123456789AB"; // split: no token-shaped literal in the repository

    @Test
    void aChildPrintingItsTokenLeavesItOnlyInBotLog() throws Exception {
        sup.env.put("DISCORD_TOKEN", TOKEN);
        RawChild.shell(home, "echo \"my token is $DISCORD_TOKEN\"; echo \"shaped " + SHAPED + "\";"
                + " echo \"FATAL-TRIGGER $DISCORD_TOKEN\"; exec sleep 600");
        sup.process = sup.launch("run");
        var record = sup.awaitRestart(1, Duration.ofSeconds(20));
        assertThat(record.path("reason").asText()).isEqualTo("log-trigger");
        assertThat(record.path("detail").asText()).contains("FATAL-TRIGGER [redacted]");
        String status = Files.readString(home.resolve("ultra_reliability_status.json"));
        ItSupport.await("the crash record's last output in the supervisor log", Duration.ofSeconds(20),
                () -> sup.supervisorLog().contains("last output of child") ? true : null);
        for (String text : new String[] {status, sup.supervisorLog(), sup.autoRestartLog()}) {
            assertThat(text).doesNotContain(TOKEN).doesNotContain(SHAPED).contains("[redacted]");
        }
        assertThat(status).contains("my token is [redacted]").contains("shaped [redacted]");
        // bot.log is written in batches (at most 100 ms late): wait for the line, then check it is raw
        String botLog = ItSupport.await("the child's first line in bot.log", Duration.ofSeconds(20), () -> {
            String text = ItSupport.read(home.resolve("logs/bot.log"));
            return text.contains("my token is ") ? text : null;
        });
        assertThat(botLog).as("the bot's own output, raw").contains("my token is " + TOKEN);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("logs/bot.log"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                home.resolve("ultra_reliability_status.json")))).isEqualTo("rw-r-----");
    }
}
