package io.ultrareliability.supervisor.lock;

/**
 * The home's lock is held by something that is not a supervisor of this home (another user's
 * shared lock, a stray {@code flock}): no supervisor can start, and saying "already running"
 * would be a lie that keeps cron from ever starting one.
 */
public final class LockHeldException extends Exception {
    public LockHeldException(String message) {
        super(message);
    }
}
