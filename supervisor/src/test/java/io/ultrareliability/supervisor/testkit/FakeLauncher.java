package io.ultrareliability.supervisor.testkit;

import io.ultrareliability.supervisor.process.ChildExit;
import io.ultrareliability.supervisor.process.ChildHandle;
import io.ultrareliability.supervisor.process.ChildLauncher;
import io.ultrareliability.supervisor.process.ChildSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Children that are objects: the test makes them exit, print, ignore SIGTERM. */
public final class FakeLauncher implements ChildLauncher {
    public final List<Child> children = new ArrayList<>();
    public final List<ChildSpec> specs = new ArrayList<>();
    public String failNextLaunch;
    private long nextPid = 1000;

    @Override
    public ChildHandle launch(ChildSpec spec, Consumer<String> outputLine) throws IOException {
        specs.add(spec);
        if (failNextLaunch != null) {
            String msg = failNextLaunch;
            failNextLaunch = null;
            throw new IOException(msg);
        }
        Child c = new Child(nextPid++, outputLine);
        children.add(c);
        return c;
    }

    public Child last() {
        return children.get(children.size() - 1);
    }

    /** A fake child. Exits with SIGTERM when terminated unless told to ignore it. */
    public static final class Child implements ChildHandle {
        private final long pid;
        private final Consumer<String> output;
        private Consumer<ChildExit> onExit;
        public boolean ignoresTerm;
        public final List<String> signals = new ArrayList<>();
        public ChildExit exited;

        Child(long pid, Consumer<String> output) {
            this.pid = pid;
            this.output = output;
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public void onExit(Consumer<ChildExit> callback) {
            onExit = callback;
        }

        /** The child prints a line (as its pump thread would deliver it). */
        public void print(String line) {
            output.accept(line);
        }

        public void exit(int code) {
            die(ChildExit.fromExitValue(code));
        }

        private void die(ChildExit e) {
            if (exited == null) {
                exited = e;
                onExit.accept(e);
            }
        }

        @Override
        public void terminate() {
            signals.add("TERM");
            if (!ignoresTerm) {
                die(ChildExit.fromExitValue(128 + 15));
            }
        }

        @Override
        public void kill() {
            signals.add("KILL");
            die(ChildExit.fromExitValue(128 + 9));
        }

        @Override
        public List<Long> reapGroup() {
            return List.of();
        }

        @Override
        public List<Long> groupMembers() {
            return exited == null ? List.of(pid) : List.of();
        }
    }
}
