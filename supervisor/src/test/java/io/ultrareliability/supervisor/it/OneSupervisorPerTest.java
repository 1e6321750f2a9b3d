package io.ultrareliability.supervisor.it;

import java.nio.file.Path;
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
}
