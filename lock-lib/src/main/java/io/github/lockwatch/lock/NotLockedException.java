package io.github.lockwatch.lock;

/**
 * Thrown when an operation that needs the lock held (unlock, refresh) finds that this lock object
 * does not hold it: it was never acquired, was released, or was lost to a breaker.
 */
public final class NotLockedException extends IllegalStateException {

    /**
     * Creates the exception.
     *
     * @param message what was attempted and what was found
     */
    public NotLockedException(String message) {
        super(message);
    }
}
