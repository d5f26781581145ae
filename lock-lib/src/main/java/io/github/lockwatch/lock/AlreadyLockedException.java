package io.github.lockwatch.lock;

/**
 * Thrown when a lock object that already holds its lock is asked to acquire it again: locks are not
 * re-entrant, as in flufl.lock.
 */
public final class AlreadyLockedException extends IllegalStateException {

    /**
     * Creates the exception.
     *
     * @param message what was attempted on which lock
     */
    public AlreadyLockedException(String message) {
        super(message);
    }
}
