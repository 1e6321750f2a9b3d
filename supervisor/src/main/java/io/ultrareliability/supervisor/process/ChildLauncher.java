package io.ultrareliability.supervisor.process;

import java.io.IOException;
import java.util.function.Consumer;

/** Spawns children; the real one uses Commons Exec, tests use fakes. */
public interface ChildLauncher {
    /**
     * @param outputLine receives each line the child writes to stdout or stderr, from a
     *        pump thread
     */
    ChildHandle launch(ChildSpec spec, Consumer<String> outputLine) throws IOException;
}
