package io.github.lockwatch.lock;

import java.time.Duration;
import java.util.Optional;

/**
 * Thrown when a lock could not be acquired within the timeout. The message names the lock file, the
 * holder's host and pid (when the lock file could be read), our host and pid, and how long we waited,
 * so that whoever reads a log knows where to look.
 *
 * <p>{@link #getFile()} is the lock file.
 */
public final class LockTimeoutException extends java.nio.file.FileSystemException {

    private final transient Claim holder;
    /** How long the waiter waited, on its lock object's clock. */
    private final Duration waited;

    LockTimeoutException(String lockFile, Claim holder, ProcessIdentity us, Duration waited) {
        super(lockFile, null, message(holder, us, waited));
        this.holder = holder;
        this.waited = waited;
    }

    private static String message(Claim holder, ProcessIdentity us, Duration waited) {
        String held = holder == null
                ? "holder unknown (lock file unreadable or not a claim)"
                : "held by host " + holder.host() + " pid " + holder.pid();
        return "timed out after " + Durations.human(waited) + " waiting for the lock; " + held
                + "; we are host " + us.host() + " pid " + us.pid();
    }

    /**
     * The holder's claim as read when the wait ended.
     *
     * @return the holder, or empty if the lock file was unreadable or not a claim
     */
    public Optional<Claim> holder() {
        return Optional.ofNullable(holder);
    }

    /**
     * How long we waited.
     *
     * @return the wait, measured on the lock object's clock
     */
    public Duration waited() {
        return waited;
    }
}
