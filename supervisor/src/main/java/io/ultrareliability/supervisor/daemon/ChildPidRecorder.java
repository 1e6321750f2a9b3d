package io.ultrareliability.supervisor.daemon;

import io.ultrareliability.supervisor.core.SupervisorListener;
import io.ultrareliability.supervisor.lock.PidFiles;
import io.ultrareliability.supervisor.process.ChildExit;
import io.ultrareliability.supervisor.process.ChildHandle;
import io.ultrareliability.supervisor.process.ProcessIdentity;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps {@code run/child.pid} (PID + start time) naming the live child, for the next supervisor. */
final class ChildPidRecorder implements SupervisorListener {
    private static final Logger LOG = LoggerFactory.getLogger(ChildPidRecorder.class);
    private final Path file;

    ChildPidRecorder(Path file) {
        this.file = file;
    }

    @Override
    public void onChildStarted(ChildHandle child) {
        ProcessIdentity id = ProcessIdentity.of(child.pid());
        if (id == null) {
            return;
        }
        try {
            PidFiles.write(file, id, false);
        } catch (IOException e) {
            LOG.warn("cannot record the child PID in {}: {}", file, e.getMessage());
        }
    }

    @Override
    public void onChildExited(ChildHandle child, ChildExit exit) {
        ProcessIdentity recorded = PidFiles.read(file);
        if (recorded == null || recorded.pid() == child.pid()) {
            PidFiles.deleteQuietly(file); // only the record of our own child, never another supervisor's
        }
    }
}
