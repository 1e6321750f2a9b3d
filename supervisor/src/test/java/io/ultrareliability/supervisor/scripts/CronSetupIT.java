package io.ultrareliability.supervisor.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** setup_bot_cron.sh against a fake crontab that keeps the table in a file. */
class CronSetupIT {
    private static final Path SCRIPT = Repo.root().resolve("scripts/setup_bot_cron.sh");

    @TempDir
    Path tmp;
    private Path table;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void fakeCrontab() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        table = tmp.resolve("crontab.txt");
        // Like cron's crontab(1): -l fails with "no crontab" when there is none; - reads stdin.
        Files.writeString(bin.resolve("crontab"), """
                #!/bin/sh
                t='%s'
                case "$1" in
                  -l) [ -f "$t" ] || { echo "no crontab for $(id -un)" >&2; exit 1; }; cat "$t" ;;
                  -) cat > "$t.new" && mv "$t.new" "$t" ;;
                  *) echo "fake crontab: unsupported $*" >&2; exit 2 ;;
                esac
                """.formatted(table));
        bin.resolve("crontab").toFile().setExecutable(true);
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("HOME", tmp.toString());
        env.put("ULTRA_HOME", Files.createDirectories(tmp.resolve("home dir")).toString());
    }

    private ProcessRun setup(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(SCRIPT.toString()));
        cmd.addAll(List.of(args));
        return ProcessRun.run(tmp, env, 30, cmd);
    }

    private List<String> entries() throws Exception {
        return Files.readAllLines(table).stream().filter(l -> l.contains("ultra-reliability:ensure")).toList();
    }

    @Test
    void installsIntoAnEmptyCrontabEveryFiveMinutes() throws Exception {
        assertThat(Files.exists(table)).isFalse();
        ProcessRun run = setup();
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(entries()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("*/5 * * * * ")
                .contains("ULTRA_HOME='" + tmp.resolve("home dir") + "'")
                .contains(Repo.root() + "'/scripts/ensure_bot_running.sh"));
        assertThat(tmp.resolve("home dir/logs")).isDirectory();
    }

    @Test
    void isIdempotentAndKeepsOtherEntries() throws Exception {
        Files.writeString(table, "MAILTO=ops@example.invalid\n0 3 * * * /usr/local/bin/backup\n");
        assertThat(setup().exitCode()).isZero();
        assertThat(setup().exitCode()).isZero();
        assertThat(setup().exitCode()).isZero();
        List<String> lines = Files.readAllLines(table);
        assertThat(lines).startsWith("MAILTO=ops@example.invalid", "0 3 * * * /usr/local/bin/backup");
        assertThat(entries()).hasSize(1);
        assertThat(lines).hasSize(3);
    }

    @Test
    void removeTakesOnlyOurEntryAndPrintChangesNothing() throws Exception {
        Files.writeString(table, "0 3 * * * /usr/local/bin/backup\n");
        assertThat(setup().exitCode()).isZero();
        ProcessRun print = setup("--print");
        assertThat(print.exitCode()).isZero();
        assertThat(print.stdout().strip()).isEqualTo(entries().get(0));

        assertThat(setup("--remove").exitCode()).isZero();
        assertThat(Files.readAllLines(table)).containsExactly("0 3 * * * /usr/local/bin/backup");
    }

    @Test
    void printNeedsNoCrontabCommandAndNeverCallsOne() throws Exception {
        // A crontab that fails loudly if called, then no crontab at all on PATH.
        Files.writeString(tmp.resolve("bin/crontab"), "#!/bin/sh\necho 'crontab called' >&2\nexit 9\n");
        ProcessRun withFake = setup("--print");
        assertThat(withFake.exitCode()).as(withFake.stderr()).isZero();
        assertThat(withFake.stdout()).startsWith("*/5 * * * * ").contains("ultra-reliability:ensure");

        Files.delete(tmp.resolve("bin/crontab"));
        env.put("PATH", tmp.resolve("bin") + ":/usr/bin:/bin");
        ProcessRun without = setup("--print");
        assertThat(without.exitCode()).as(without.stderr()).isZero();
        assertThat(without.stdout()).isEqualTo(withFake.stdout());
        if (!Files.exists(Path.of("/usr/bin/crontab")) && !Files.exists(Path.of("/bin/crontab"))) {
            ProcessRun install = setup();
            assertThat(install.exitCode()).isEqualTo(1);
            assertThat(install.stderr()).contains("no crontab command");
        }
    }

    @Test
    void helpIsTheHeaderOnly() throws Exception {
        ProcessRun run = setup("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).startsWith("Installs the cron entry")
                .contains("setup_bot_cron.sh --print")
                .doesNotContain("shellcheck").doesNotContain("set -euo");
        assertThat(Files.exists(table)).isFalse();
    }

    @Test
    void anUnknownOptionIsAUsageError() throws Exception {
        ProcessRun run = setup("--bogus");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("unknown option '--bogus'");
        assertThat(Files.exists(table)).isFalse();
    }
}
