package io.ultrareliability.supervisor.probe;

import io.ultrareliability.supervisor.process.ChildHandle;

/** Measures the resident memory of a child and everything it spawned. */
@FunctionalInterface
public interface MemorySampler {
    /** @return RSS in bytes of the child's whole process tree, -1 when unknown */
    long rssBytes(ChildHandle child);
}
