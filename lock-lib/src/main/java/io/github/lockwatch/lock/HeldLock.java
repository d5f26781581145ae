package io.github.lockwatch.lock;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Future;

/**
 * A token representing one acquisition of a {@link LockFile}: close it to release the lock.
 *
 * <pre>{@code
 * try (HeldLock held = lock.lock()) {
 *     ... // critical section
 * }
 * }</pre>
 *
 * <p>{@link #close()} is idempotent and does not throw because the lock was lost (it logs a warning
 * instead, so it never hides the exception of a failed critical section); use
 * {@link LockFile#unlock()} to be told. A handle stays tied to its acquisition: closing an old handle
 * never releases a later acquisition of the same lock object.
 *
 * <p>Thread-safe.
 */
public final class HeldLock implements AutoCloseable {

    private final LockFile owner;
    private final Claim claim;
    private final Instant acquiredAt;
    private volatile boolean released;
    private volatile String lostReason;
    private Future<?> keepAlive; // guarded by this
    private long keepAliveGeneration; // guarded by this
    private volatile IOException lastRefreshFailure;

    HeldLock(LockFile owner, Claim claim, Instant acquiredAt) {
        this.owner = owner;
        this.claim = claim;
        this.acquiredAt = acquiredAt;
    }

    /**
     * The lock file.
     *
     * @return the lock-file path
     */
    public Path lockFile() {
        return owner.path();
    }

    /**
     * The lock object this handle belongs to.
     *
     * @return the owner
     */
    public LockFile owner() {
        return owner;
    }

    /**
     * The claim that holds the lock.
     *
     * @return our claim
     */
    public Claim claim() {
        return claim;
    }

    /**
     * When the lock was acquired, on the lock object's clock.
     *
     * @return the acquisition instant
     */
    public Instant acquiredAt() {
        return acquiredAt;
    }

    /**
     * Whether this handle still stands for a held lock, as far as is known without I/O: false once it
     * was released, or once a refresh or the keep-alive found the lock lost. With keep-alive on, a
     * lost lock is noticed within a third of the lifetime; without it, call {@link #verify()}.
     *
     * @return true unless released or known lost
     */
    public boolean isValid() {
        return !released && lostReason == null;
    }

    /**
     * Checks on disk that the lock file still holds our claim; reads only. A lost lock is reported to
     * the listener and makes the handle invalid.
     *
     * @return true if still held
     * @throws IOException if the lock file exists but cannot be read
     */
    public boolean verify() throws IOException {
        if (!isValid()) {
            return false;
        }
        boolean held = owner.isLocked();
        if (!held) {
            owner.lockLost(this, "verification found that we no longer hold the lock");
        }
        return held;
    }

    /**
     * Why the lock was lost.
     *
     * @return the reason, or empty if it was not lost
     */
    public Optional<String> lostReason() {
        return Optional.ofNullable(lostReason);
    }

    /**
     * Extends the expiry by the lock object's lifetime; see {@link LockFile#refresh()}.
     *
     * @throws NotLockedException if the lock is no longer held by this handle (released, lost, or
     *     the lock object has since acquired it again under another handle)
     * @throws IOException if the claim file cannot be touched
     */
    public void refresh() throws IOException {
        requireCurrent();
        owner.refresh(this, owner.lifetime());
    }

    /**
     * Sets a new lifetime and extends the expiry; see {@link LockFile#refresh(Duration)}.
     *
     * @param lifetime the new lifetime, at least one second
     * @throws NotLockedException if the lock is no longer held by this handle
     * @throws IllegalArgumentException if {@code lifetime} is shorter than one second
     * @throws NullPointerException if {@code lifetime} is null
     * @throws IOException if the claim file cannot be touched
     */
    public void refresh(Duration lifetime) throws IOException {
        requireCurrent();
        owner.refresh(this, lifetime);
    }

    /**
     * The lock's current expiry, read from the lock file's mtime.
     *
     * @return the expiry, or empty if the lock file is gone
     * @throws IOException if the attributes cannot be read
     */
    public Optional<Instant> expiration() throws IOException {
        return owner.expiration();
    }

    /**
     * Releases the lock if this handle still holds it. Idempotent; a lost lock is logged, not thrown.
     *
     * @throws IOException if the lock or claim file cannot be removed
     */
    @Override
    public void close() throws IOException {
        if (released) {
            return;
        }
        if (!owner.release(this) && lostReason == null) {
            System.getLogger(LockFile.class.getName()).log(System.Logger.Level.WARNING,
                    "released {0}, but it was no longer ours", owner.path());
        }
    }

    private void requireCurrent() {
        if (released) {
            throw new NotLockedException(owner.path() + ": this handle was released");
        }
    }

    void markReleased() {
        released = true;
    }

    /** True the first time only. */
    synchronized boolean markLost(String reason) {
        if (lostReason != null || released) {
            return false;
        }
        lostReason = reason;
        return true;
    }

    /** A new keep-alive schedule replaces the last one: the generation its tick must still match. */
    synchronized long nextKeepAliveGeneration() {
        return ++keepAliveGeneration;
    }

    synchronized long keepAliveGeneration() {
        return keepAliveGeneration;
    }

    synchronized void keepAlive(Future<?> next) {
        Future<?> previous = keepAlive;
        keepAlive = next;
        if (previous != null) {
            previous.cancel(false);
        }
    }

    synchronized void stopKeepAlive() {
        keepAliveGeneration++;
        if (keepAlive != null) {
            keepAlive.cancel(false);
            keepAlive = null;
        }
    }

    /**
     * A refresh failed with I/O: tolerable until the lock would expire, then the lock counts as lost.
     * Returns the reason when it does.
     */
    Optional<String> noteRefreshFailure(IOException e, Instant now) {
        lastRefreshFailure = e;
        try {
            Optional<Instant> expiry = owner.expiration();
            if (expiry.isPresent() && now.isBefore(expiry.get())) {
                return Optional.empty();
            }
        } catch (IOException ignored) {
            // fall through: we cannot even read the expiry
        }
        return Optional.of("could not refresh before the lock expired: " + e);
    }

    @Override
    public String toString() {
        return "HeldLock[" + owner.path() + (isValid() ? "" : released ? ", released" : ", lost") + "]";
    }
}
