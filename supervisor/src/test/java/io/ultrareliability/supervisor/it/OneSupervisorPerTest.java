package io.ultrareliability.supervisor.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh home and a {@link SupervisorProcess} for each test, and nothing of it left after:
 * {@link SupervisorProcess#close()} kills the supervisors and every child group it saw.
 */
abstract class OneSupervisorPerTest {
    @TempDir
    Path home;

    SupervisorProcess sup;

    @BeforeEach
    void newSupervisor() throws Exception {
        sup = new SupervisorProcess(home, ItSupport.freePort());
    }

    @AfterEach
    void closeSupervisor() {
        sup.close();
    }

    /**
     * Runs one CLI command to its end (at most 120 s: a bound for a hang, not a timing check)
     * and returns its exit code; its output is then in {@link #out()} and {@link #err()}.
     */
    int cli(String... args) throws Exception {
        Files.deleteIfExists(home.resolve("cli.out"));
        Files.deleteIfExists(home.resolve("cli.err"));
        Process p = sup.launch(args);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("cli " + List.of(args) + " did not finish within 120 s");
        }
        return p.exitValue();
    }

    /** The standard output of the last {@link #cli} command (and of any other launch since). */
    String out() {
        return ItSupport.read(home.resolve("cli.out"));
    }

    /** The standard error of the last {@link #cli} command (and of any other launch since). */
    String err() {
        return ItSupport.read(home.resolve("cli.err"));
    }
}
