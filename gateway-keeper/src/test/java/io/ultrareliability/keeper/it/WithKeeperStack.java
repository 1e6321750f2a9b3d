package io.ultrareliability.keeper.it;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** One {@link KeeperStack} per test in its own ULTRA_HOME, closed after the test. */
abstract class WithKeeperStack {
    @TempDir
    Path home;
    KeeperStack stack;

    /** Starts the simulator with {@code guilds} guilds and the keeper jar with extra settings. */
    KeeperStack start(int guilds, java.util.Map<String, String> keeperSettings) throws Exception {
        stack = new KeeperStack(home, guilds);
        stack.startKeeper(keeperSettings);
        return stack;
    }

    /** Starts the simulator only: bots go straight to it (the comparison figures). */
    KeeperStack startWithoutKeeper(int guilds) {
        stack = new KeeperStack(home, guilds);
        return stack;
    }

    @AfterEach
    void closeStack() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }
}
