package io.ultrareliability.supervisor.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes that escaped the child's process group ({@code setsid sleep 1001 &}) and lost
 * their parent. With {@link Posix#becomeSubreaper()} they are re-parented to the supervisor;
 * this finds them among its children and stops them (TERM, grace, KILL) and reaps them.
 *
 * <p>An orphan is a child of ours that we did not spawn ourselves and that lives in another
 * session than ours: every child we spawn is registered here (the JDK waits for those, and a
 * second waitpid would steal their exit status), and helpers the JVM or a library runs
 * (OSHI, say) share our session, so they are never touched.
 */
public final class Orphans {
    private static final Logger LOG = LoggerFactory.getLogger(Orphans.class);
    private static final Set<Long> SPAWNED = ConcurrentHashMap.newKeySet();
    /** Launches between fork and registration: while any is in flight, nothing is reaped. */
    private static final AtomicInteger LAUNCHING = new AtomicInteger();

    private Orphans() {
    }

    static void launching() {
        LAUNCHING.incrementAndGet();
    }

    /** @param pid the spawned PID, or 0 when the launch failed */
    static void launched(long pid) {
        if (pid > 0) {
            SPAWNED.add(pid);
        }
        LAUNCHING.decrementAndGet();
    }

    /** The JDK has reaped it: the PID may be reused by anyone now. */
    static void reaped(long pid) {
        SPAWNED.remove(pid);
    }

    /** Orphans among our children, with their descendants; zombies included. */
    public static List<Long> find() {
        long self = ProcessHandle.current().pid();
        ProcFs.Session ours = ProcFs.session(self);
        List<Long> kids = ProcFs.children(self);
        if (ours == null || LAUNCHING.get() > 0) {
            return List.of(); // a launch may not be registered yet: next time
        }
        Set<Long> out = new LinkedHashSet<>();
        for (long k : kids) {
            ProcFs.Session s = ProcFs.session(k);
            if (!SPAWNED.contains(k) && s != null && s.sid() != ours.sid()) {
                out.add(k);
                out.addAll(ProcFs.tree(k));
            }
        }
        return new ArrayList<>(out);
    }

    /**
     * Stops every orphan: SIGTERM (and SIGCONT, for a stopped one), up to {@code grace} for
     * them to go, SIGKILL to the rest, then reaps those that are our children.
     *
     * @return the PIDs found (empty when there were none)
     */
    public static List<Long> stopAll(Duration grace) {
        List<Long> found = live(find());
        if (found.isEmpty()) {
            reapZombies();
            return found;
        }
        LOG.warn("{} process(es) escaped the child's group and were left behind: {}; SIGTERM", found.size(), found);
        signal(found, Posix.SIGTERM);
        signal(found, Posix.SIGCONT);
        long deadline = System.nanoTime() + grace.toNanos();
        while (!live(found).isEmpty() && System.nanoTime() < deadline) {
            reapZombies();
            sleep();
        }
        List<Long> stubborn = live(found);
        if (!stubborn.isEmpty()) {
            LOG.warn("still alive {} after SIGTERM: {}; SIGKILL", grace, stubborn);
            signal(stubborn, Posix.SIGKILL);
            long killDeadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (!live(stubborn).isEmpty() && System.nanoTime() < killDeadline) {
                reapZombies();
                sleep();
            }
        }
        reapZombies();
        return found;
    }

    /** Reaps orphans that have ended (zombies re-parented to us). @return how many */
    public static int reapZombies() {
        int n = 0;
        for (long pid : find()) {
            ProcFs.Session s = ProcFs.session(pid);
            if (s != null && s.state() == 'Z' && Posix.reap(pid)) {
                n++;
            }
        }
        return n;
    }

    private static List<Long> live(List<Long> pids) {
        List<Long> out = new ArrayList<>();
        for (long pid : pids) {
            ProcFs.Session s = ProcFs.session(pid);
            if (s != null && s.state() != 'Z' && s.state() != 'X') {
                out.add(pid);
            }
        }
        return out;
    }

    private static void signal(List<Long> pids, int sig) {
        for (long pid : pids) {
            try {
                Posix.kill(pid, sig);
            } catch (IllegalStateException | IllegalArgumentException e) {
                LOG.debug("cannot signal {}: {}", pid, e.getMessage());
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
