package io.ultrareliability.supervisor.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link PeriodicScheduler} that runs its tasks only when the test calls {@link #tick()}. */
final class ManualScheduler implements PeriodicScheduler {
    private record Job(Duration period, Runnable task, boolean[] cancelled) {
    }

    private final List<Job> jobs = new ArrayList<>();

    @Override
    public synchronized Cancellable everyPeriod(Duration period, Runnable task) {
        Job job = new Job(period, task, new boolean[1]);
        jobs.add(job);
        return () -> {
            synchronized (this) {
                job.cancelled()[0] = true;
            }
        };
    }

    /** Runs every live task once: one period has passed. */
    synchronized void tick() {
        for (Job j : jobs) {
            if (!j.cancelled()[0]) {
                j.task().run();
            }
        }
    }

    synchronized List<Duration> periods() {
        return jobs.stream().map(Job::period).toList();
    }

    synchronized boolean allCancelled() {
        return jobs.stream().allMatch(j -> j.cancelled()[0]);
    }
}
